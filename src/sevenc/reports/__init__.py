"""Reports: the charts that pages and (later) the QBR pack's PDF embed. ``charts`` is pure (SVG text out)."""
