"""Publications, co-signatures and follows: what organisations share with each other."""
