"""The fictional ledger generator reproduces the shape it is asked for, exactly where it promises."""


def test_seed_ledger_command_gives_a_report_with_the_asked_for_shape(app, client, staff):
    result = app.test_cli_runner().invoke(args=["seed-ledger", "--year", "2022", "--companies", "12",
                                                "--hires", "300", "--local", "100"])
    assert result.exit_code == 0, result.output
    report = client.get("/api/v1/reports/local-hiring?year=2022&breakdowns=company", headers=staff).json
    assert (report["total_hires"], report["local_hires"], report["target"]) == (300, 100, 12_000)
    assert report["claimed_hires"] == 12  # 4% still being verified
    companies = report["breakdowns"]["company"]
    committed = [row for row in companies if row["commitment"]]
    # 40 companies signed an MoU; only 10 of them reported any hire.
    assert len(committed) == 40 and sum(row["reported"] for row in committed) == 10
    assert sum(1 for row in companies if row["total_hires"] + row["claimed_hires"]) <= 12
    assert client.get("/api/v1/reports/local-hiring?year=2023", headers=staff).json["total_hires"] == 0


def test_seed_ledger_refuses_more_local_than_total_hires(app):
    result = app.test_cli_runner().invoke(args=["seed-ledger", "--hires", "10", "--local", "11"])
    assert result.exit_code != 0 and "--local" in result.output
