"""The mesh toolkit: shapes made in numpy for rooms and props (bevelled boxes, lathes,
extrusions, rocks, trees, scatters), with ambient occlusion baked in their vertices."""
