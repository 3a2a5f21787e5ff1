"""The mesh toolkit: closed, outward-facing shapes of the sizes asked, scatters that follow
their seed, occlusion where things meet, props validated and lit like any layer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vrasmr.render.shapes import primitives
from vrasmr.render.shapes.mesh import Mesh
from vrasmr.scene.layers import make_layer


def _closed(mesh: Mesh) -> bool:
    """Every edge of the welded surface is shared by exactly two triangles."""
    keys = np.round(mesh.positions, 6)
    _, weld = np.unique(keys, axis=0, return_inverse=True)
    tri = weld.reshape(-1)[mesh.indices]
    tri = tri[(tri[:, 0] != tri[:, 1]) & (tri[:, 1] != tri[:, 2]) & (tri[:, 0] != tri[:, 2])]
    edges = np.sort(np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]]), axis=1)
    _, counts = np.unique(edges, axis=0, return_counts=True)
    return bool(np.all(counts == 2))


def _outward(mesh: Mesh, centre) -> float:
    """Share of triangles wound counter-clockwise as seen from outside (about ``centre``)."""
    a, b, c = (mesh.positions[mesh.indices[:, k]] for k in range(3))
    face = np.cross(b - a, c - a)
    out = (a + b + c) / 3 - np.asarray(centre)
    return float(np.mean(np.einsum("ij,ij->i", face, out) > 0))


@pytest.mark.parametrize(("bevel", "puff"), [(0.0, 0.0), (0.05, 0.0), (0.04, 0.03)])
def test_a_box_is_closed_faces_out_and_has_its_size(bevel, puff):
    mesh = primitives.box((0.6, 0.3, 0.4), bevel, puff)
    lo, hi = mesh.bounds()
    size = np.array([0.6, 0.3, 0.4])
    assert np.all(hi - lo >= size - 1e-6) and np.all(hi - lo <= size + 2 * puff + 1e-6)
    assert (hi[1] > 0.15 + 0.5 * puff) == (puff > 0)  # a cushion bulges
    assert _closed(mesh)
    assert _outward(mesh, (0, 0, 0)) == 1.0
    assert np.allclose(np.linalg.norm(mesh.normals, axis=1), 1.0)
    corner = np.linalg.norm(mesh.positions, axis=1).max()
    full = math.sqrt(0.3**2 + 0.15**2 + 0.2**2)
    assert (corner < full - 0.01) == (bevel > 0)  # a bevel rounds the corners off


def test_a_box_is_split_finely_enough_for_baked_occlusion():
    mesh = primitives.box((1.0, 0.02, 1.0), step=0.1)
    a, b, c = (mesh.positions[mesh.indices[:, k]] for k in range(3))
    longest = max(np.linalg.norm(b - a, axis=1).max(), np.linalg.norm(c - a, axis=1).max())
    assert longest <= 0.1 * math.sqrt(2) + 1e-9


def test_a_lathe_turns_its_profile_and_closes_its_ends():
    profile = [(0.05, 0.0), (0.12, 0.1), (0.08, 0.3)]
    mesh = primitives.lathe(profile, segments=24)
    radius = np.hypot(mesh.positions[:, 0], mesh.positions[:, 2])
    assert radius.max() == pytest.approx(0.12, abs=1e-9)
    assert mesh.positions[:, 1].min() == 0.0 and mesh.positions[:, 1].max() == 0.3
    assert _closed(mesh)
    assert _outward(mesh, (0, 0.15, 0)) > 0.99


def test_an_extrusion_of_a_concave_outline_keeps_its_area():
    ell = [(0.0, 0.0), (1.0, 0.0), (1.0, 0.3), (0.3, 0.3), (0.3, 1.0), (0.0, 1.0)]
    mesh = primitives.extrude(ell, 0.2)
    front = mesh.positions[mesh.indices][..., 2].min(axis=1) > 0.0999
    a, b, c = (mesh.positions[mesh.indices[front][:, k]] for k in range(3))
    area = 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=1).sum()
    assert area == pytest.approx(1.0 * 0.3 + 0.3 * 0.7)  # the L's area, not its hull's
    assert _closed(mesh)


def test_a_rock_sits_on_its_base_at_its_size():
    mesh = primitives.rock((0.4, 0.2, 0.3), seed=3)
    lo, hi = mesh.bounds()
    assert lo[1] == pytest.approx(0.0) and np.allclose(hi - lo, (0.4, 0.2, 0.3))
    other = primitives.rock((0.4, 0.2, 0.3), seed=4)
    assert not np.allclose(mesh.positions, other.positions)


def _scatter(**fields):
    return make_layer(
        "props",
        items=[
            {"shape": "scatter", "item": {"shape": "rock", "size_m": [0.2, 0.1, 0.2]}, **fields}
        ],
    ).items[0]


def test_a_scatter_places_its_copies_by_its_seed_and_spread():
    from vrasmr.render.shapes.build import placements

    ring = list(placements(_scatter(spread="ring", area_m=(2.0, 2.0), count=12, seed=5)))
    assert len(ring) == 12
    centres = np.array([origin for _, origin, *_ in ring])
    radii = np.hypot(centres[:, 0] - 0.0, centres[:, 2] + 1.5)
    assert np.all((radii > 0.85) & (radii <= 1.0 + 1e-9))
    again = [
        origin
        for _, origin, *_ in placements(
            _scatter(spread="ring", area_m=(2.0, 2.0), count=12, seed=5)
        )
    ]
    other = [
        origin
        for _, origin, *_ in placements(
            _scatter(spread="ring", area_m=(2.0, 2.0), count=12, seed=6)
        )
    ]
    assert np.allclose(centres, again) and not np.allclose(centres, other)


def test_occlusion_darkens_the_floor_where_a_box_stands_and_nowhere_else():
    from vrasmr.render.shapes.build import Part, pack_parts

    floor = Part(primitives.panel(4.0, 4.0, 0.1), "wood", (0.5, 0.5, 0.5))
    floor = Part(
        Mesh(
            floor.mesh.positions[:, [0, 2, 1]] * (1, 1, -1),
            np.tile([0.0, 1.0, 0.0], (len(floor.mesh.positions), 1)),
            floor.mesh.local,
            floor.mesh.indices[:, ::-1],
        ),
        "wood",
        (0.5, 0.5, 0.5),
    )
    cube = primitives.box((0.4, 0.4, 0.4))
    cube = Mesh(cube.positions + (0.0, 0.2, 0.0), cube.normals, cube.local, cube.indices)
    solid = pack_parts([(floor, 1), (Part(cube, "wood", (0.5, 0.5, 0.5)), 2)])
    n = floor.mesh.vertex_count
    ao = solid.vertices[:n, 13]
    dist = np.hypot(solid.vertices[:n, 0], solid.vertices[:n, 2])
    near = ao[(dist > 0.25) & (dist < 0.35)]
    far = ao[dist > 1.2]
    assert near.mean() > 0.15 and far.max() == 0.0


def test_props_errors_name_the_file_line_and_field(tmp_path):
    from vrasmr.scene.errors import SceneError
    from vrasmr.scene.loading import load_scene

    path = tmp_path / "bad-props.toml"
    path.write_text(
        'id = "bad-props"\ntitle = "Bad"\ntechniques = ["nature"]\n\n'
        '[[layers]]\nkind = "props"\n\n'
        '[[layers.items]]\nshape = "box"\nmaterial = "stonee"\n\n'
        '[[layers.items]]\nshape = "scatter"\ncount = 9\nitem = { shape = "cube" }\n'
    )
    with pytest.raises(SceneError) as caught:
        load_scene(path)
    text = "\n".join(e.headline() for e in caught.value.all)
    assert f"{path}:10: layers[0].items[0].material: unknown material 'stonee'" in text
    assert "did you mean 'stone'" in text
    assert f"{path}:15: layers[0].items[1].item.shape: unknown shape 'cube'" in text


def test_a_prop_light_lights_the_scene():
    from vrasmr.render.layers.lights import gather
    from vrasmr.render.layers.props import PropsDrawer

    layer = make_layer(
        "props",
        items=[
            {
                "shape": "box",
                "position": (1.0, -1.0, -2.0),
                "light": {"offset": (0, 0.5, 0), "strength": 2.0},
            }
        ],
    )
    solid = PropsDrawer.prepare(layer)
    (light,) = solid.lights
    assert light.position == pytest.approx((1.0, -0.5, -2.0))

    class Holder:
        def lights(self):
            return list(solid.lights)

    assert gather([Holder()]).lights == (light,)


def test_a_made_mesh_is_read_back_from_the_cache(monkeypatch):
    from vrasmr.render.layers import solid as solid_module
    from vrasmr.render.layers.props import PropsDrawer

    layer = make_layer("props", items=[{"shape": "rock", "seed": 77}])
    first = PropsDrawer.prepare(layer)
    solid_module._made.clear()

    def refuse(*args):
        raise AssertionError("made again")

    monkeypatch.setattr(PropsDrawer, "make", classmethod(refuse))
    again = PropsDrawer.prepare(layer)
    assert np.array_equal(first.vertices, again.vertices)
    assert np.array_equal(first.indices, again.indices)
