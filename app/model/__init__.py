"""The model layer: validating GGUF files and running them in-process through llama.cpp."""
