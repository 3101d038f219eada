"""One story, many outlets: near-duplicate bodies form one story, found at index time (also
across runs), collapsed in results with their copies named, and listed on the article page."""

from __future__ import annotations

import pytest

from indexing import article, build_index
from search.stories import StoryGrouper, fingerprint
from search.whoosh_backend.writing import write_articles
from web import create_app

SENTENCES = [
    "Pemerintah Kota Bandung menutup sementara tiga ruas jalan di pusat kota mulai Senin pagi.",
    "Penutupan dilakukan karena perbaikan saluran air yang rusak setelah hujan deras pekan lalu.",
    "Kepala Dinas Perhubungan meminta warga menggunakan jalur alternatif melalui Jalan Pasteur.",
    "Petugas gabungan akan berjaga di setiap persimpangan untuk mengatur arus kendaraan.",
    "Perbaikan ditargetkan selesai dalam dua pekan apabila cuaca mendukung pengerjaan.",
    "Warga yang membutuhkan informasi dapat menghubungi pusat layanan dinas selama 24 jam.",
]
OTHER_STORY = [
    "Pemerintah Kota Bandung membuka pendaftaran sekolah dasar negeri mulai pekan depan.",
    "Orang tua dapat mendaftarkan anak melalui laman resmi dinas pendidikan setiap hari kerja.",
    "Kuota setiap sekolah dibagi untuk jalur zonasi, afirmasi, dan perpindahan tugas orang tua.",
    "Panitia meminta orang tua menyiapkan kartu keluarga dan akta kelahiran anak sejak awal.",
]


def body(sentences: list[str]) -> str:
    return "\n\n".join(sentences)


def original():
    return article("asli", "Tiga Ruas Jalan di Bandung Ditutup", body(SENTENCES),
                   outlet="Kompas.com", published="2024-03-04")


def copies():
    """The story as two other outlets ran it: a sentence dropped, a "Baca juga" line added,
    a reworded headline, a day later."""
    first = article("salinan-1", "Jalan di Pusat Kota Bandung Ditutup Dua Pekan",
                    body(SENTENCES[:3] + ["Baca juga: Banjir Rendam Lima Kecamatan"] + SENTENCES[4:]),
                    outlet="Tribunnews.com", published="2024-03-05")
    second = article("salinan-2", "Bandung Tutup Tiga Jalan", body(SENTENCES[1:]),
                     outlet="Detik.com", published="2024-03-05")
    return [first, second]


def other():
    return article("lain", "Pendaftaran SD Negeri di Bandung Dibuka", body(OTHER_STORY),
                   outlet="Kompas.com", published="2024-03-04")


def test_copies_are_one_story_and_a_different_story_is_not():
    grouper = StoryGrouper(lookup=lambda bands: ())
    stories = [grouper.assign(a.id, a.body)[0] for a in [original(), *copies(), other()]]
    assert stories[0] == stories[1] == stories[2] != stories[3]


def test_a_short_body_forms_no_story_with_others():
    assert fingerprint("Foto: banjir di Bandung.") is None


@pytest.fixture()
def client(tmp_path):
    index_dir = build_index(tmp_path / "index", [original(), other()])
    # The copies come in a later run: they find their story in the index, without a rebuild.
    write_articles(index_dir, copies())
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def test_the_signature_is_datasketch_s_minhash(shared_data):
    """The signature computed on the shingle array is what datasketch's MinHash gives for the
    same shingles, on real bodies and on short ones."""
    from itertools import islice

    from datasketch import MinHash

    from search.ingest import read_articles
    from search.stories import PERMUTATIONS, _shingle_hashes, _signature

    corpus = shared_data / "indosum" / "articles.jsonl"
    bodies = [item.body for item in islice(read_articles([corpus], on_problem=pytest.fail), 200)]
    bodies += [body(SENTENCES), " ".join(f"kata{n}" for n in range(12))]
    for text in bodies:
        hashes = _shingle_hashes(text)
        reference = MinHash(num_perm=PERMUTATIONS, seed=1, hashfunc=int)
        reference.update_batch(hashes.tolist())
        assert _signature(hashes).tolist() == reference.hashvalues.tolist()


def test_a_story_collapses_to_its_best_member_with_its_copies_named(client):
    answer = client.get("/search?q=bandung&sort=oldest").get_json()
    assert answer["total"] == 4 and answer["stories"] == 2
    assert [hit["id"] for hit in answer["results"]] == ["asli", "lain"]
    story = answer["results"][0]
    assert story["copies"] == 2
    assert sorted(story["copy_outlets"]) == ["Detik.com", "Tribunnews.com"]
    assert answer["results"][1]["copies"] == 0
    # Facets count articles: every outlet that ran the story.
    outlets = {value["value"]: value["count"] for value in answer["facets"]["outlet"]}
    assert outlets == {"Kompas.com": 2, "Tribunnews.com": 1, "Detik.com": 1}


def test_collapse_false_lists_every_copy(client):
    answer = client.get("/search?q=bandung&sort=oldest&collapse=false").get_json()
    assert [hit["id"] for hit in answer["results"]] == ["asli", "lain", "salinan-1", "salinan-2"]
    assert len({hit["story"] for hit in answer["results"]}) == 2
    assert client.get("/search?collapse=maybe").status_code == 400


def test_the_page_shows_the_copies_and_the_article_page_who_ran_it_first(client):
    page = client.get("/?q=bandung&sort=oldest", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "+2 salinan" in page and "2 berita berbeda" in page
    article_page = client.get("/articles/salinan-2", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Berita yang sama di 2 media lain" in article_page
    first = article_page.index("Terbit pertama:")
    assert article_page.index("Kompas.com", first) < article_page.index("Tribunnews.com", first)
    copies_json = client.get("/articles/asli").get_json()["copies"]
    assert [copy["outlet"] for copy in copies_json] == ["Tribunnews.com", "Detik.com"]


def test_band_keys_live_in_the_column_files_and_survive_a_merge(tmp_path):
    from search.whoosh_backend.internals import committed_segments
    from search.whoosh_backend.merging import MERGE_FACTOR
    from search.whoosh_backend.schema import open_index
    from search.whoosh_backend.story_index import story_lookup

    index_dir = tmp_path / "index"
    bands = fingerprint(body(SENTENCES)).bands
    runs = [[original()], *([article(f"lain-{run}", "Lain", body(OTHER_STORY[run % 4:]))]
                            for run in range(1, MERGE_FACTOR))]
    for run, articles in enumerate(runs, start=1):
        write_articles(index_dir, articles)  # the last run's merge makes one segment of ten
        ix = open_index(index_dir)
        assert "story_bands" not in ix.schema.names()
        assert len(committed_segments(ix.storage, ix.indexname)) == (run if run < MERGE_FACTOR else 1)
        with ix.reader() as reader:
            found = list(story_lookup(reader)(bands))
        assert [stored_body for _, stored_body in found] == [body(SENTENCES)], run
