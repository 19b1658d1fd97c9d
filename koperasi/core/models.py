"""No models of its own. The module exists because Django sends ``post_migrate`` only to apps that
have one, and ``CoreConfig`` grants the application role its privileges on that signal."""
