"""The kernel the apps share: members and accounts, roles and access, notifications, live
updates, the privacy guard and view helpers. Its public modules are listed in ``PUBLIC``;
the apps use nothing else of it (import-linter checks this in CI)."""
