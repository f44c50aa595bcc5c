"""GET /recommend/<uid> from a Marquee ALS artifact with Flask and numpy: the Python peer of
`marquee serve` in Benchmarks/bench-serve.sh, written as a movie-recommendation project would.

  MQ_MODEL=DIR/model.bin OPENBLAS_NUM_THREADS=1 \
    gunicorn --chdir Benchmarks/peers --workers 2 --threads 4 --bind 127.0.0.1:8002 serve_flask:app

Each worker process loads the model once at import (gunicorn's access log is off by default).
Known user → the 20 best unseen movies by item_factors @ user_vector; unknown user → the
cold-start list; a uid that is not 1 to 10 digits above 0 → 400. OPENBLAS_NUM_THREADS=1 is its
best setting: one BLAS thread per worker.
"""

import os

from flask import Flask, Response

from mqmodel import ALSModel, valid_uid

model = ALSModel(os.environ["MQ_MODEL"])
app = Flask(__name__)


@app.get("/recommend/<uid>")
def recommend(uid):
    if not valid_uid(uid):
        return Response("uid must be 1 to 10 digits, above 0\n", status=400, mimetype="text/plain")
    return Response(model.recommend(int(uid)) + "\n", mimetype="text/plain")


@app.get("/health")
def health():
    return Response(f"ok {len(model.user_ids)} users {len(model.movie_ids)} items\n", mimetype="text/plain")
