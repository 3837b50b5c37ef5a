// The NN layer: see README.md.
