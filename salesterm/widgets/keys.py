"""Key descriptions in the user's language, translated when shown rather than when declared.

Every ``BINDINGS`` list (ours and Textual's own widgets') holds its descriptions in English:
they are message ids. Textual merges a class's bindings once, when the class is created, so a
description translated there would stay in whatever language was set when its module was first
imported. Instead every screen of the app inherits ``TranslatedKeys``: its ``active_bindings``,
which is what the key bar, Textual's footer and the `?` keys panel all draw from, hands out
each binding with its description, tooltip and group title in the current language. Key
dispatch does not read ``active_bindings``, so what a key does is unchanged.
"""
from __future__ import annotations

import dataclasses

from textual.binding import ActiveBinding, Binding

from salesterm.i18n import _, language

_shown: dict[tuple[str, Binding], Binding] = {}  # (language, binding) -> the binding as shown


def translated(binding: Binding) -> Binding:
    """BINDING with its description, tooltip and group title in the current language."""
    lang = language()
    if lang == "en":
        return binding
    found = _shown.get((lang, binding))
    if found is None:
        group = binding.group
        if group is not None and group.description:
            group = dataclasses.replace(group, description=_(group.description))
        found = dataclasses.replace(
            binding,
            description=_(binding.description) if binding.description else "",
            tooltip=_(binding.tooltip) if binding.tooltip else "",
            group=group,
        )
        _shown[(lang, binding)] = found
    return found


def original(binding: Binding) -> Binding:
    """The binding as declared (English description) of one that `translated` handed out."""
    for (_lang, declared), shown in _shown.items():
        if shown is binding:
            return declared
    return binding


def translated_active(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """A screen's active bindings, each with its texts in the current language."""
    if language() == "en":
        return active
    return {
        key: ActiveBinding(node, shown, enabled, _(tooltip) if tooltip else "")
        for key, (node, binding, enabled, tooltip) in active.items()
        for shown in (translated(binding),)
    }


class TranslatedKeys:
    """Mix into a Screen (before it): its keys are shown in the user's language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated_active(super().active_bindings)  # type: ignore[misc]
