// The autograd layer: see README.md.
