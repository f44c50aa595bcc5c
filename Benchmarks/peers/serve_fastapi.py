"""GET /recommend/<uid> from a Marquee ALS artifact with FastAPI and numpy: the Python peer of
`marquee serve` in Benchmarks/bench-serve.sh, written as a movie-recommendation project would.

  MQ_MODEL=DIR/model.bin OPENBLAS_NUM_THREADS=1 \
    uvicorn serve_fastapi:app --app-dir Benchmarks/peers --workers 2 --no-access-log --port 8001

Each worker process loads the model once at import. Known user → the 20 best unseen movies by
item_factors @ user_vector; unknown numeric user → the cold-start list; anything else → 400.
OPENBLAS_NUM_THREADS=1 is its best setting: one BLAS thread per worker on 2 cores.
"""

import os

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

from mqmodel import ALSModel

model = ALSModel(os.environ["MQ_MODEL"])
app = FastAPI()


@app.get("/recommend/{uid}")
async def recommend(uid: str):
    # async: scoring (a fraction of a millisecond) runs on the event loop. A plain `def` endpoint
    # goes through FastAPI's thread pool, which measured a third slower on this machine.
    if not (uid.isascii() and uid.isdigit()) or len(uid) > 18:
        return PlainTextResponse("uid must be a non-negative integer\n", status_code=400)
    return PlainTextResponse(model.recommend(int(uid)) + "\n")


@app.get("/health")
async def health():
    return PlainTextResponse(f"ok {len(model.user_ids)} users {len(model.movie_ids)} items\n")
