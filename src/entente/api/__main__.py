"""`python -m entente.api [OPTIONS]`: the same as `entente serve [OPTIONS]`."""
from __future__ import annotations

from ..cli.serve import serve_cmd

if __name__ == "__main__":
    serve_cmd(prog_name="python -m entente.api")
