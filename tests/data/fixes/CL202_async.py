# expect: CL202 line 13
# before: None
# after: 5
import asyncio
import functools


def log_calls(func):
    @functools.wraps(func)
    async def wrapper(*args, **kwargs):
        print("calling", func.__name__)
        async with asyncio.timeout(1) if hasattr(asyncio, "timeout") else asyncio.Lock():
            await func(*args, **kwargs)

    return wrapper


@log_calls
async def add(a, b):
    return a + b


print(asyncio.run(add(2, 3)))
