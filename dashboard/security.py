"""Security headers and request limits for every response.

The Content-Security-Policy allows nothing from another origin. Dash's one
inline bootstrap script is allowed by its hash (Dash computes it); plotly sets
inline styles on chart elements, so styles need 'unsafe-inline'.
"""

from __future__ import annotations

#: Callback requests are a few KB; anything far larger is refused before parsing.
MAX_REQUEST_BYTES = 1_000_000


def content_security_policy(script_hashes: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def install(app) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    policy = content_security_policy(app.csp_hashes())

    @server.after_request
    def add_headers(response):
        response.headers["Content-Security-Policy"] = policy
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response
