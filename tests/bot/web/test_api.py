"""The public calculation API: the command line's JSON for every case of every topic (without the advisers'
notes), Dutch 422s that name the field, 404 for an unknown topic, and an OpenAPI document that validates and
is generated from the calculators' own models, with docs that load nothing from elsewhere."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_spec_validator import validate

from bot.cli import main
from bot.database import create_engine, default_database_url, dispose_engine, upgrade_database
from rules import ONDERWERPEN
from tests.bot.web.site import Site, make_site

CASES = Path(__file__).resolve().parents[2] / "rules" / "cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, geval in enumerate(document["gevallen"]):
            invoer = json.dumps(geval["invoer"], default=_plain)
            params.append(pytest.param(document["onderwerp"], invoer, id=f"{path.stem}-{index}"))
    return params


def _plain(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the module: these tests never reach the database (no chat), so its engine stays unused."""
    url = default_database_url(tmp_path_factory.mktemp("api") / "data")
    upgrade_database(url)
    engine = create_engine(url)
    yield make_site(engine, web_ip_per_minute=100_000)
    asyncio.run(dispose_engine(engine))


@pytest.fixture
async def client(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async with site.client() as client:
        yield client


def without_notes(document: Any) -> Any:
    """The command line's document without `toelichting`, wherever it appears."""
    if isinstance(document, dict):
        return {key: without_notes(value) for key, value in document.items() if key != "toelichting"}
    if isinstance(document, list):
        return [without_notes(value) for value in document]
    return document


@pytest.mark.parametrize(("onderwerp", "invoer"), _cases())
async def test_bereken_answers_what_the_command_line_prints_for_every_case(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str], onderwerp: str, invoer: str
) -> None:
    code, out, err = cli(capsys, "bereken", onderwerp, "--invoer", invoer)
    response = await client.post(
        f"/api/v1/bereken/{onderwerp}", content=invoer, headers={"Content-Type": "application/json"}
    )

    if code == 0:
        assert response.status_code == 200, response.text
        assert response.json() == without_notes(json.loads(out))
        assert "toelichting" not in response.json()
    else:
        assert response.status_code == 422, response.text
        assert response.json()["fout"] == err.strip()


async def test_the_advisers_notes_are_left_out_where_the_command_line_has_them(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    invoer = {"jaar": 2026, "spaargeld": 150000, "beleggingen": 0, "schulden": 0, "fiscale_partner": False}
    _, out, _ = cli(capsys, "bereken", "box3", "--invoer", json.dumps(invoer))
    response = await client.post("/api/v1/bereken/box3", json=invoer)

    notes = json.loads(out)["toelichting"]
    assert notes
    assert not any(note in response.text for note in notes)


async def test_vergelijk_with_varieer_answers_what_the_command_line_prints(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    invoer = {
        "jaar": 2027,
        "cataloguswaarde": 45000,
        "datum_eerste_toelating": "2027-01-15",
        "aandrijving": "elektrisch",
        "rol": "werknemer",
    }
    code, out, _ = cli(
        capsys,
        "vergelijk",
        "auto-van-de-zaak",
        "--invoer",
        json.dumps(invoer),
        "--varieer",
        "aandrijving=elektrisch,brandstof",
    )
    response = await client.post(
        "/api/v1/vergelijk/auto-van-de-zaak",
        json={"invoer": invoer, "varieer": {"veld": "aandrijving", "waarden": ["elektrisch", "brandstof"]}},
    )

    assert code == 0
    assert response.status_code == 200, response.text
    assert response.json() == without_notes(json.loads(out))
    assert [v["waarde"] for v in response.json()["varianten"]] == ["elektrisch", "brandstof"]


async def test_vergelijk_with_spreid_answers_what_the_command_line_prints(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    invoer = {"jaar": 2025, "investeringen": [30000, 20000.5]}
    code, out, _ = cli(capsys, "vergelijk", "kia", "--invoer", json.dumps(invoer), "--spreid", "investeringen=2")
    response = await client.post(
        "/api/v1/vergelijk/kia", json={"invoer": invoer, "spreid": {"veld": "investeringen", "jaren": 2}}
    )

    assert code == 0
    assert response.status_code == 200, response.text
    assert response.json() == without_notes(json.loads(out))


@pytest.mark.parametrize(
    ("pad", "body", "veld", "zin"),
    [
        (
            "bereken/box3",
            {"jaar": 2026, "spaargeld": -5, "beleggingen": 0, "schulden": 0, "fiscale_partner": False},
            "spaargeld",
            "Ongeldige invoer voor 'spaargeld': de waarde mag niet negatief zijn.",
        ),
        (
            "bereken/box3",
            {"spaargeld": 5, "beleggingen": 0, "schulden": 0, "fiscale_partner": False},
            "jaar",
            "Ongeldige invoer voor 'jaar': dit veld ontbreekt.",
        ),
        (
            "bereken/box3",
            {"jaar": 2026, "spaargeld": "veel", "beleggingen": 0, "schulden": 0, "fiscale_partner": False},
            "spaargeld",
            "Ongeldige invoer voor 'spaargeld': verwacht een getal, bijvoorbeeld 45000 of 45000.50.",
        ),
        (
            "bereken/box3",
            {"jaar": 2023, "spaargeld": 5, "beleggingen": 0, "schulden": 0, "fiscale_partner": False},
            "jaar",
            "2023 en eerder reken ik niet uit",
        ),
        (
            "bereken/auto-van-de-zaak",
            {
                "jaar": 2026,
                "cataloguswaarde": 40000,
                "datum_eerste_toelating": "2025-02-30",
                "aandrijving": "brandstof",
                "rol": "werknemer",
            },
            "datum_eerste_toelating",
            "Ongeldige invoer voor 'datum_eerste_toelating'",
        ),
        (
            "bereken/kia",
            {"jaar": 2025, "investeringen": [1000], "x": 1},
            "x",
            "Ongeldige invoer voor 'x': dit veld kent de berekening niet.",
        ),
        ("vergelijk/kia", {"invoer": {"jaar": 2025, "investeringen": [1000]}}, "invoer", "geef varieer of spreid"),
        (
            "vergelijk/kia",
            {"invoer": {"jaar": 2025, "investeringen": [1000]}, "varieer": {"veld": "jaar", "waarden": [2025]}},
            "varieer.waarden",
            "Ongeldige invoer voor 'varieer.waarden': geef er minstens 2.",
        ),
        (
            "vergelijk/box3",
            {
                "invoer": {"jaar": 2026, "spaargeld": 5, "beleggingen": 0, "schulden": 0, "fiscale_partner": False},
                "varieer": {"veld": "jaar", "waarden": [2026, 2023]},
            },
            "jaar",
            "2023 en eerder reken ik niet uit",
        ),
    ],
)
async def test_invalid_input_gets_422_with_the_field_and_a_dutch_sentence(
    client: httpx.AsyncClient, pad: str, body: dict[str, Any], veld: str, zin: str
) -> None:
    response = await client.post(f"/api/v1/{pad}", json=body)

    assert response.status_code == 422, response.text
    assert response.json()["veld"] == veld
    assert zin in response.json()["fout"]


@pytest.mark.parametrize("pad", ["bereken/box4", "vergelijk/belasting", "bereken/Box3"])
async def test_an_unknown_topic_gets_404_naming_the_topics(client: httpx.AsyncClient, pad: str) -> None:
    response = await client.post(f"/api/v1/{pad}", json={"jaar": 2026})

    assert response.status_code == 404
    assert response.json() == {
        "fout": "Dit onderwerp ken ik niet; kies een van: "
        "anbi-contributie, auto-van-de-zaak, tweede-woning, kia, box3, wbso.",
        "veld": "onderwerp",
    }


async def test_the_openapi_document_validates_and_uses_the_calculators_own_models(client: httpx.AsyncClient) -> None:
    document = (await client.get("/api/v1/openapi.json")).json()

    validate(document)
    assert document["servers"] == [{"url": "/api/v1"}]
    schemas = document["components"]["schemas"]
    for onderwerp, calculator in ONDERWERPEN.items():
        body = document["paths"][f"/bereken/{onderwerp}"]["post"]["requestBody"]["content"]["application/json"]
        name = body["schema"]["$ref"].rsplit("/", 1)[-1]
        assert name == calculator.invoer.__name__
        assert set(schemas[name]["properties"]) == set(calculator.invoer.model_fields)
        assert set(schemas[name]["required"]) == {
            f for f, info in calculator.invoer.model_fields.items() if info.is_required()
        }
        responses = document["paths"][f"/vergelijk/{onderwerp}"]["post"]["responses"]
        assert {"200", "422", "429"} <= set(responses)
    assert "toelichting" not in schemas["UitkomstJSON"]["properties"]
    assert {"sessie", "tekst", "knop"} == set(schemas["ChatVerzoek"]["properties"])


async def test_the_docs_page_loads_swagger_ui_from_this_server_only(client: httpx.AsyncClient) -> None:
    page = await client.get("/api/v1/docs")

    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, page.text
    assert all(source.startswith("/api/v1/") for source in sources), sources
    assert "'/api/v1/openapi.json'" in page.text
    for source in sources:
        asset = await client.get(source)
        assert asset.status_code == 200, source
    assert "https://" not in page.text


async def test_the_widget_script_is_served_for_any_site_to_load(client: httpx.AsyncClient) -> None:
    response = await client.get("/widget.js")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "attachShadow" in response.text
    assert "/api/v1/chat" in response.text
