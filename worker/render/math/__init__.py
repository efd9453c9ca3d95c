"""Office Math (OMML) laid out and painted as PowerPoint lays it out: fractions, scripts, radicals,
n-ary operators, delimiters, matrices... (omml.py builds boxes, boxes.py measures and paints them)."""
