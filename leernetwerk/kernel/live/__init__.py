"""Live updates that never lose an event.

An event is persisted first (with a monotonically increasing id per stream), then broadcast to
the stream's Channels group after the transaction commits. A client that reconnects sends its last
seen id and gets what it missed. ``publish`` is the only way code publishes events.
"""
