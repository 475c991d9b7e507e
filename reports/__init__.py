"""How we show it: radar chart, PDF and exports from plain data.

Never imports app/ or touches the database. The renderers arrive with the results page
and the PDF report (issues 4 and 5); this package marks the layer and its import rule.
"""
