"""Network membership: profiles, the member directory, invitations, account security and the
members' own privacy rights. Part of casework because every app needs it (bottom of the flow)."""
