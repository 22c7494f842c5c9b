"""What a new network starts with in the learning app: the roles' model permissions."""

#: The roles' permissions on the learning app's models (granted by a migration and, after a
#: test database flush, by the test fixtures). Session pages have page permissions instead.
LEARNING_GRANTS = {
    "Sessiebeheerders": [
        "add_sessionseries",
        "change_sessionseries",
        "delete_sessionseries",
        "view_sessionseries",
    ],
}
