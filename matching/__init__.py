"""Padan Kerja's matching engine: pure Python, no Flask, SQLAlchemy or marshmallow.

The service layer turns database rows into the profiles in `matching.profiles`, feeds them to a
`matching.engine.MatchEngine`, and serialises the `Match` results it gets back.
"""
