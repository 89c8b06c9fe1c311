"""Every operation of the spec is a method of both clients; a new one without a method fails here."""

from __future__ import annotations

import inspect

import pytest
from twilio_compositions import AsyncCompositionsClient, CompositionsClient
from twilio_compositions._spec_rules import OPERATIONS


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_operation_is_a_method_of_both_clients(name: str) -> None:
    rules = OPERATIONS[name]
    for client in (CompositionsClient, AsyncCompositionsClient):
        method = getattr(client, rules.client_method, None)
        assert callable(method), f"{rules.operation_id} has no {client.__name__}.{rules.client_method}"
        # The method is the operation's: it names the generated module that builds the request.
        assert name in inspect.getsource(method), (rules.operation_id, client.__name__)


def test_the_extensions_give_their_methods() -> None:
    wanted = {
        "wait": [r for r in OPERATIONS.values() if r.wait],
        "download": [r for r in OPERATIONS.values() if r.download],
    }
    for method, operations in wanted.items():
        assert len(operations) == 1, method
        assert callable(getattr(CompositionsClient, method)) and callable(
            getattr(AsyncCompositionsClient, method)
        )
    (paged,) = [r for r in OPERATIONS.values() if r.pagination]
    assert "Pager[" in str(
        inspect.signature(getattr(CompositionsClient, paged.client_method)).return_annotation
    )
