"""The cache backend: Redis, but a Redis that cannot be reached is a cache that misses.

The cache holds only what can be recomputed or lost (a background job's progress, a computed list kept
for a day), never the only copy of anything, and logging in needs none (``koperasi.accounts.throttling``).
So when Redis is down the pages go on working: a read finds nothing, a write is dropped, and the failure
is logged. Reaching Redis is bounded by ``socket_connect_timeout``/``socket_timeout`` (settings).
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _missing(fallback):
    """Run the cache operation; when Redis cannot be reached, log it and answer ``fallback(*args)``."""

    def wrap(method):
        @functools.wraps(method)
        def safe(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.warning("cache unreachable, %s skipped: %s", method.__name__, error)
                return fallback(*args, **kwargs)

        return safe

    return wrap


class ResilientRedisCache(RedisCache):
    """Django's Redis cache whose every operation survives an unreachable Redis (a miss, a dropped write)."""

    get = _missing(lambda key, default=None, **_kw: default)(RedisCache.get)
    get_many = _missing(lambda keys, **_kw: {})(RedisCache.get_many)
    has_key = _missing(lambda key, **_kw: False)(RedisCache.has_key)
    set = _missing(lambda *args, **kwargs: None)(RedisCache.set)
    add = _missing(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _missing(lambda *args, **kwargs: False)(RedisCache.touch)
    set_many = _missing(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete = _missing(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _missing(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _missing(lambda *args, **kwargs: False)(RedisCache.clear)
