"""The built-in renderer: paints slides with QPainter into PDFs and images."""
