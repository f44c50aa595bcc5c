"""GET /recommend/<uid> from a Marquee ALS artifact with FastAPI and numpy: the Python peer of
`marquee serve` in Benchmarks/bench-serve.sh, written as a movie-recommendation project would.

  MQ_MODEL=DIR/model.bin OPENBLAS_NUM_THREADS=1 \
    uvicorn serve_fastapi:app --app-dir Benchmarks/peers --workers 2 --no-access-log --port 8001

Each worker process loads the model once at import. Known user → the 20 best unseen movies by
item_factors @ user_vector; unknown user → the cold-start list; a uid that is not 1 to 10
digits above 0 → 400. OPENBLAS_NUM_THREADS=1 is its best setting: one BLAS thread per worker.
"""

import os

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

from mqmodel import ALSModel, valid_uid

model = ALSModel(os.environ["MQ_MODEL"])
app = FastAPI()


@app.get("/recommend/{uid}")
async def recommend(uid: str):
    # async: scoring (a fraction of a millisecond) runs on the event loop. A plain `def` endpoint
    # goes through FastAPI's thread pool, which measured a third slower on this machine.
    if not valid_uid(uid):
        return PlainTextResponse("uid must be 1 to 10 digits, above 0\n", status_code=400)
    return PlainTextResponse(model.recommend(int(uid)) + "\n")


@app.get("/health")
async def health():
    return PlainTextResponse(f"ok {len(model.user_ids)} users {len(model.movie_ids)} items\n")
