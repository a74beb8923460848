"""Markdown tables for bench/RESULTS.md from the JSON files the benchmarks write."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def search_table() -> str:
    data = json.loads((HERE / "search_results.json").read_text())
    header = "| services | query | search p50 / p95 ms | API view p50 / p95 ms | naive p50 / p95 ms | naive ÷ ours |"
    lines = [header, "|---:|---|---:|---:|---:|---:|"]
    for result in data["results"]:
        for kind, q in result["queries"].items():
            ratios = f"{q['naive_p50_ms'] / q['p50_ms']:.1f}×, {q['naive_p95_ms'] / q['p95_ms']:.1f}×"
            lines.append(f"| {result['services']:,} | {kind} | {q['p50_ms']} / {q['p95_ms']} | "
                         f"{q['api_p50_ms']} / {q['api_p95_ms']} | {q['naive_p50_ms']} / {q['naive_p95_ms']} | "
                         f"{ratios} |")  # fmt: skip
    lines += ["", "| services | index build s | index MB | edit searchable after s |", "|---:|---:|---:|---:|"]
    for result in data["results"]:
        lines.append(f"| {result['services']:,} | {result['index_build_s']} | {result['index_size_mb']} | "
                     f"{result['edit_visible_s']} |")  # fmt: skip
    return "\n".join(lines)


def web_table() -> str:
    data = json.loads((HERE / "web_results.json").read_text())
    lines = ["| page | total KB | HTML KB |", "|---|---:|---:|"]
    lines += [f"| `{w['url']}` | {w['total_kb']} | {w['html_kb']} |" for w in data["page_weight"]]
    lines.append("")
    lines.append(f"Results page render at {data['services']:,} services, {data['requests']} requests: "
                 f"p50 {data['render_p50_ms']} ms, p95 {data['render_p95_ms']} ms.")  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    print(search_table())
    print()
    print(web_table())
