"""Gradio chat, rendering and the wpqa command line."""
