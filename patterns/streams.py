"""Live streams of the patterns app."""

from leernetwerk.kernel.live.streams import stream_key


def board_stream() -> str:
    """The manager board: patterns moving between tables."""
    return stream_key("patterns", "board")
