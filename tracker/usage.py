"""How the command line presents itself: a wrong command line gets one short line on stderr (not a
framed panel), and help shows the kind of value an option takes (DATE, PATH, [open|closed]), not
Python types."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from typer import Abort, Exit, Option
from typer._completion_shared import Shells, get_completion_script, install
from typer.completion import _get_shell_name
from typer.core import TyperGroup
from typer.main import _get_param
from typer.utils import get_params_from_function

try:  # typer carries its own copy of click in recent versions
    from typer._click import Command, echo
    from typer._click.exceptions import BadParameter, ClickException, NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import Command, echo  # type: ignore[assignment]
    from click.exceptions import BadParameter, ClickException, NoArgsIsHelpError, UsageError  # type: ignore[assignment]

EXIT_USAGE = 2

# Words that validation libraries put before a message and that mean nothing to a user, and
# their way of saying what a number must be.
_NOISE = ("Value error, ", "Assertion failed, ")
_PLAIN = (
    (re.compile(r"Input should be a valid integer[^.]*"), "must be a whole number"),
    (re.compile(r"Input should be a valid number[^.]*"), "must be a number"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"must be \1 or more"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"must be \1 or less"),
    (re.compile(r"Input should be greater than (\S+)"), r"must be more than \1"),
)


def one_line(error: ClickException) -> str:
    """The error as one line: what was wrong and where to read more."""
    message = " ".join(error.format_message().split())
    for noise in _NOISE:
        message = message.replace(noise, "")
    for pattern, plain in _PLAIN:
        message = pattern.sub(plain, message)
    ctx = getattr(error, "ctx", None)
    if isinstance(error, UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


def _label(param: Any) -> str | None:
    """What help shows after an option: nothing for a flag, the choices, or the kind of value."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    if param.metavar:
        return str(param.metavar)
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and descriptor.is_choice and descriptor.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in descriptor.choices) + "]"
    if descriptor is not None and descriptor.is_path:
        return "PATH"
    name = getattr(getattr(param, "type", None), "name", "") or ""
    return {"integer": "N", "float": "NUMBER"}.get(name, "TEXT")


def _plain_param(param: Any) -> None:
    if getattr(param, "_plain", False):
        return
    param._plain = True
    if param.param_type_name == "argument":
        name = (param.metavar or param.name).upper() + ("..." if param.nargs != 1 else "")
        param.metavar = name
        param._usage_display_name = lambda: name if param.required else f"[{name}]"
        param.display_type_rich = lambda ctx: None  # the name says it (PATHS...)
    else:
        label = _label(param)
        param.display_type_rich = lambda ctx: label


def _plain_help(command: Command) -> None:
    """Every parameter of the command, the help option included, gets its plain label."""
    get_params = command.get_params

    def plain_params(ctx: Any) -> list[Any]:
        params = get_params(ctx)
        for param in params:
            _plain_param(param)
        return params

    command.get_params = plain_params  # type: ignore[method-assign]


def _commands(command: Command) -> Iterator[Command]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


SHELLS = [shell.value for shell in Shells]


def _completion_shell(ctx: Any, param: Any, named: str) -> str:
    """The shell named on the command line, else the one this runs in (from the process tree)."""
    shell = named or _get_shell_name() or ""
    if shell not in SHELLS:
        found = "the shell could not be told" if not shell else f"{shell} has no completion"
        hint = f"{param.opts[0]} {'|'.join(SHELLS)}"
        raise BadParameter(f"{found}; name the shell: {hint}", ctx=ctx, param=param)
    return shell


def _show_completion(ctx: Any, param: Any, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    prog_name = ctx.find_root().info_name
    complete_var = "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())
    echo(get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=_completion_shell(ctx, param, value)))
    ctx.exit(0)


def _install_completion(ctx: Any, param: Any, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    shell, path = install(shell=_completion_shell(ctx, param, value), prog_name=ctx.find_root().info_name)
    echo(f"{shell} completion installed in {path}; it takes effect in a new shell")
    ctx.exit(0)


def _completion_options(
    install_completion: str | None = Option(
        None,
        "--install-completion",
        callback=_install_completion,
        expose_value=False,
        is_eager=True,
        metavar="[SHELL]",
        help=f"Install completion for SHELL ({', '.join(SHELLS)}; default: the shell this runs in).",
    ),
    show_completion: str | None = Option(
        None,
        "--show-completion",
        callback=_show_completion,
        expose_value=False,
        is_eager=True,
        metavar="[SHELL]",
        help="Print the completion script for SHELL (default: the shell this runs in).",
    ),
) -> None:
    """typer's own completion options ignore a shell named after them wherever a shell can be
    detected, and detect the wrong one when run from a script, cron or another shell."""


COMPLETION_OPTIONS = {name: _get_param(meta) for name, meta in get_params_from_function(_completion_options).items()}


class TrackerGroup(TyperGroup):
    """The top-level command: plain help labels everywhere, usage errors on one line, and completion
    for the shell the user names."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in _commands(self):
            _plain_help(command)

    def get_params(self, ctx: Any) -> list[Any]:
        return [COMPLETION_OPTIONS.get(param.name or "", param) for param in super().get_params(ctx)]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # the shell after a completion option may be left out (typer's click has no optional values)
        names = [option.opts[0] for option in COMPLETION_OPTIONS.values()]
        for at, arg in enumerate(args):
            if arg in self.commands:
                break  # the command's own arguments
            if arg in names and (at + 1 == len(args) or args[at + 1].startswith("-")):
                args = [*args[: at + 1], "", *args[at + 1 :]]
                break
        return super().parse_args(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(EXIT_USAGE)
        except ClickException as exc:
            print(f"Error: {one_line(exc)}", file=sys.stderr)
            sys.exit(exc.exit_code)
        except Abort:
            print("Aborted.", file=sys.stderr)
            sys.exit(1)
        except Exit as exc:
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)
