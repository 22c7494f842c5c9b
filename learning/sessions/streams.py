"""Live streams of the learning app."""

from leernetwerk.kernel.live.streams import stream_key


def session_stream(session_id: int) -> str:
    """A leersessie in progress: current agenda item, minutes, actions, attendance."""
    return stream_key("learning", "session", session_id)
