"""The tenant side of the network: what may leave a schema, publishing, and keeping it current."""
