"""Live updates that never lose an event.

An event is persisted first (with a monotonically increasing id per stream), then broadcast to
the stream's Channels group after the transaction commits. A client that reconnects sends its last
seen id and gets what it missed. ``publish`` is the only way code publishes events, and this
package is the only code that writes the log. Events store references to the objects they show,
rendered by the owning app's registered renderer (``renderers``) when broadcast and again, as the
objects are then, when replayed: nothing in the log needs redacting (ADR 0009).
"""
