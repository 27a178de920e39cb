"""How long bulk certificates take: 300 individuals from an imported list, one PDF.

Run: /work/venv/bin/python bench/bench_certificates.py [--people 300] [--runs 5]
Builds a throw-away instance (SQLite, the demo contest), imports a list of people with Vietnamese
names through the certificate service, then times the organizer's download (the HTTP request
through the app, PDF included): without and with a background image. The issue's bar: 300
certificates in under 10 seconds.
"""

import argparse
import io
import random
import statistics
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from contest.app import create_app
from contest.extensions import db
from contest.models import Contest, User
from contest.services import certificates, demo

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Thị", "Văn", "Hữu", "Minh", "Thu", "Quốc", "Ngọc", "Đức", "Thanh", "Hồng")
GIVEN = ("Hà", "Hương", "Tuấn", "Dũng", "Lan", "Phượng", "Quỳnh", "Nghĩa", "Thảo", "Việt", "Ánh", "Khánh", "Yến")
UNITS = ("Phường Phúc Xá", "Xã Đông Hội", "Thị trấn Sóc Sơn", "Phường Tràng Tiền", "Xã Ninh Hiệp")


def people_csv(count: int) -> bytes:
    rng = random.Random(300)
    rows = ["Họ và tên;Đơn vị;Giải"]
    for i in range(count):
        rows.append(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {i:03d};{rng.choice(UNITS)};")
    return ("\ufeff" + "\r\n".join(rows)).encode()


def frame_png() -> bytes:
    """A printed-frame background at 150 dpi, A4 landscape."""
    image = Image.new("RGB", (1754, 1240), (252, 247, 232))
    draw = ImageDraw.Draw(image)
    for inset, color in ((40, (176, 28, 30)), (70, (184, 142, 52))):
        draw.rectangle((inset, inset, 1754 - inset, 1240 - inset), outline=color, width=12)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def timed(client, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get("/results/ha-noi-2024/certificates/individual.pdf?source=imported")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}, instance_path=str(folder / "instance"))
    with app.app_context():
        db.create_all()
        contest = demo.load_demo().contest
        db.session.commit()
        organizer = db.session.query(User).filter_by(username="bantochuc").one()
        parsed = certificates.import_recipients(contest, organizer, "danh-sach.csv", people_csv(args.people))
        db.session.commit()
        assert len(parsed.people) == args.people, parsed.errors[:3]
    client = app.test_client()
    client.post("/login", data={"username": "bantochuc", "password": "danvankheo2024"})
    plain = timed(client, args.runs)
    with app.app_context():
        contest = db.session.query(Contest).filter_by(slug="ha-noi-2024").one()
        organizer = db.session.query(User).filter_by(username="bantochuc").one()
        template = certificates.template_for(contest, "individual")
        certificates.save_template(contest, "individual", organizer, {}, template.issued_on,
                                   ("khung.png", frame_png()))
        db.session.commit()
    framed = timed(client, args.runs)
    size = len(client.get("/results/ha-noi-2024/certificates/individual.pdf?source=imported").data)
    print(f"certificates for {args.people} individuals, one PDF ({size / 1e6:.1f} MB with background), "
          f"{args.runs} runs:")
    for label, times in (("drawn frame", plain), ("background image", framed)):
        print(f"  {label:<17} median {statistics.median(times):.2f} s   worst {max(times):.2f} s"
              f"   ({args.people / statistics.median(times):.0f} pages/s)")
    print(f"  target: under 10 s -> {'OK' if max(plain + framed) < 10 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
