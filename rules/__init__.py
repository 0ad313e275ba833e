"""The pure rules core: dated, sourced tax parameters and the calculators that use them."""
