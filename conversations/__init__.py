"""Pure conversation state machines: one flow per topic and the engine that runs them."""
