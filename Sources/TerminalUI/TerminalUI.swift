// The terminal front lives here.
