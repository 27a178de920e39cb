"""How long one printed part of the audience vote codes takes: 150 cards (ten A4 pages) with their QR codes.

Run: .venv/bin/python bench/bench_vote_sheet.py [--cards 150] [--runs 3]
Times ``render_vote_sheet`` alone (what the organizer's download spends in the serving process); the
sheet is split in parts of ``vote_codes.SHEET_CARDS`` so that one download never holds the process long.
"""

import argparse
import random
import statistics
import time

from contest.documents.vote_sheet import render_vote_sheet
from contest.services.vote_codes import ALPHABET, SHEET_CARDS

TEXTS = {"title": "Mã bình chọn của khán giả", "once": "dùng cho một phiếu", "empty": "-"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=SHEET_CARDS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(2024)
    codes = ["".join(rng.choice(ALPHABET) for _ in range(8)) for _ in range(args.cards)]
    cards = [(f"{c[:4]}-{c[4:]}", f"Đoàn Ba Đình {n + 1}", f"http://192.168.1.10:8000/c/ha-noi-2024/live?code={c}")
             for n, c in enumerate(codes)]
    timings, size = [], 0
    for _ in range(args.runs):
        start = time.perf_counter()
        size = len(render_vote_sheet("Hội thi “Dân vận khéo” thành phố Hà Nội năm 2024", cards, TEXTS))
        timings.append(time.perf_counter() - start)
    print(f"{args.cards} cards: median {statistics.median(timings):.2f} s "
          f"({statistics.median(timings) / args.cards * 1000:.1f} ms a card), {size / 1e6:.2f} MB, runs {args.runs}")


if __name__ == "__main__":
    main()
