"""One flow per calculator of the rules core, each declared as a value in its own module."""
