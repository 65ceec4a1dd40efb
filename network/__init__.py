"""The network between organisations (public schema): exchange, adoptions, joint pilots."""
