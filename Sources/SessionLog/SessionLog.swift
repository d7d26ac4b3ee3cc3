// The session log lives here.
