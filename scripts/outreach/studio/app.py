"""The studio web app: Starlette routes over the workspace, the forms and the store.

Every page is rendered on the server and works without JavaScript; studio.js only adds
list editing in place, the old -> new list as you type and the live Markdown preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import InvalidInput, Problem
from ..paths import slug
from . import messages as M
from . import security, store, uploads
from .forms import FormState, field_id, in_form_words, shown
from .workspace import Workspace

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Studio pages run only studio.js: a tag that slipped through escaping still could not run.
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "object-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'")


class Everywhere:
    """asgi-csrf skips requests without cookies unless their path is "always protected":
    here every path is (with no login on 127.0.0.1, a cookie-less cross-site POST is the
    attack to stop)."""

    def __contains__(self, path: object) -> bool:
        return True


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("outreach.studio", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(M=M, field_id=field_id, slug=slug, show=shown)
    env.filters["form_words"] = in_form_words
    return env


class Studio:
    """Routes and what they share: the workspace, the templates, the password."""

    def __init__(self, workspace: Workspace, password_hash: str | None):
        self.workspace = workspace
        self.password_hash = password_hash
        self.env = _environment()
        from .building import Builder

        self.builder = Builder(workspace.config_file)
        from ..preview import PagePreviewer

        self.previewer = PagePreviewer(workspace.config_file)
        self.preview_site: Path | None = None
        self.files: dict[str, tuple[str, bytes, str]] = {}

    # --- helpers ---------------------------------------------------------------------------

    def render(self, request: Request, template: str, status: int = 200,
               **context: Any) -> HTMLResponse:
        token = request.scope.get("csrftoken")
        context.setdefault("flash", request.session.pop("flash", None)
                           if "session" in request.scope else None)
        html = self.env.get_template(template).render(
            request=request, csrftoken=token() if token else "",
            login=self.password_hash is not None, **context)
        return HTMLResponse(html, status_code=status,
                            headers={"content-security-policy": POLICY})

    def flash(self, request: Request, text: str) -> None:
        if "session" in request.scope:
            request.session["flash"] = text

    def broken(self, request: Request, problems: list) -> HTMLResponse:
        return self.render(request, "broken.html", status=200, problems=problems)

    # --- procedures ------------------------------------------------------------------------

    async def procedures(self, request: Request) -> Response:
        from .workspace import search

        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        query = request.query_params.get("q", "")
        field_name = request.query_params.get("linh-vuc", "")
        rows = search(loaded.rows, query, field_name)
        office = [p for p in loaded.warnings if p.field.startswith("office.")]
        return self.render(request, "procedures.html", rows=rows, total=len(loaded.rows),
                           query=query, field_name=field_name, fields=loaded.field_names,
                           warnings=office)

    async def procedure(self, request: Request) -> Response:
        code = request.path_params["code"]
        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        if code not in loaded.project.by_code:
            dotted = next((c for c in loaded.project.by_code if slug(c) == code), None)
            if dotted is not None:
                return RedirectResponse(f"/thu-tuc/{dotted}/", status_code=301)
            return self.render(request, "message.html", status=404,
                               title=M.NOT_FOUND, text=M.UNKNOWN_PROCEDURE.format(code=code))
        return self.procedure_form(request, loaded, code)

    def procedure_form(self, request: Request, loaded: Any, code: str,
                       state: FormState | None = None, status: int = 200,
                       **extra: Any) -> HTMLResponse:
        from .forms import procedure_widgets, record_view

        procedure = loaded.project.by_code[code]
        if state is None:
            widgets = procedure_widgets(
                {k: v.name for k, v in loaded.project.levels.items()}, loaded.field_names)
            state = FormState(widgets, record_view(procedure))
        extra.setdefault("version", "")
        extra.setdefault("record_hash", store.record_hash(record_view(procedure)))
        return self.render(request, "procedure.html", status=status, code=code,
                           procedure=procedure, state=state, is_new=False,
                           warnings=loaded.warnings_by_code.get(code, []),
                           inherited=loaded.inherited(code), **extra)

    def widgets(self, loaded: Any) -> list:
        from .forms import procedure_widgets

        return procedure_widgets({k: v.name for k, v in loaded.project.levels.items()},
                                 loaded.field_names)

    async def save_procedure(self, request: Request) -> Response:
        """Lưu: validate, refuse on a conflict, write the changed fields, record the save."""
        from .forms import (
            FieldError,
            FormState,
            changed_fields,
            clean,
            edit_list,
            focus_after,
            record_from_form,
            record_view,
            store_changes,
            validate,
        )

        code = request.path_params["code"]
        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        if code not in loaded.project.by_code:
            return self.render(request, "message.html", status=404, title=M.NOT_FOUND,
                               text=M.UNKNOWN_PROCEDURE.format(code=code))
        form = await request.form()
        widgets = self.widgets(loaded)
        record = record_from_form(widgets, form)
        record["code"] = code
        original = record_view(loaded.project.by_code[code])
        action = clean(form.get("action")) or "save"
        major, major_note = bool(form.get("major")), clean(form.get("major_note"))
        extra: dict[str, Any] = {"major": major, "major_note": major_note,
                 "version": clean(form.get("version")), "record_hash": clean(
                     form.get("record_hash"))}
        if action != "save":
            values = edit_list(record, action)
            state = FormState(widgets, values, [], changed_fields(original, values, widgets))
            return self.procedure_form(request, loaded, code, state,
                                       focus_id=focus_after(action, values, widgets), **extra)
        errors = validate(record, widgets, loaded.project.today)
        if major and not major_note:
            errors.append(FieldError("major", M.MAJOR_CHANGE, M.MAJOR_NOTE_MISSING))
        changes = store_changes(original, record, loaded.raw_record(code), widgets)
        state = FormState(widgets, record, errors, changed_fields(original, record, widgets))
        if errors:
            return self.procedure_form(request, loaded, code, state, status=422, **extra)
        note = {"date": loaded.project.today.isoformat(), "note": major_note}
        if not changes and (not major or original.get("updated") == note):
            # Nothing differs from the file as it is now (e.g. the same form posted twice).
            self.flash(request, M.SAVED_NOTHING)
            return RedirectResponse(f"/thu-tuc/{code}/", status_code=303)
        if extra["record_hash"] and extra["record_hash"] != store.record_hash(original):
            # Someone changed this very record since the form was opened: show both.
            return self.render(request, "conflict.html", status=409, code=code, state=state,
                               disk=original, widgets=widgets, back=f"/thu-tuc/{code}/")
        if major:
            changes["updated"] = {"date": loaded.project.today, "note": major_note}
        labels = ", ".join(c.label for c in state.changes) or M.FIELD_LABELS["updated"]
        message = M.COMMIT_EDIT.format(code=code, fields=labels)
        return self.write(request, loaded, state, code, extra, lambda: store.set_fields(
            self.workspace.root, self.catalogue_path(loaded), code, changes, message,
            loaded.project.today, self.workspace.parse), f"/thu-tuc/{code}/")

    def catalogue_path(self, loaded: Any) -> Path:
        return self.workspace.path(loaded.project.settings.catalogue)

    def write(self, request: Request, loaded: Any, state: FormState | None, code: str,
              extra: dict, save: Callable[[], Any], done_url: str) -> Response:
        """Run one save; its refusals become messages on the form, never a half-write."""
        from .forms import FieldError

        try:
            saved = save()
        except store.Conflict as exc:
            return self.render(request, "conflict.html", status=409, code=code, state=state,
                               disk=None, widgets=state.widgets if state else [],
                               detail=str(exc), theirs=getattr(exc, "theirs", ""),
                               mine=getattr(exc, "mine", ""), back=done_url)
        except store.EditRefused as exc:
            problems = getattr(exc, "problems", [])
            errors = [FieldError(_form_path(p.field, code), p.field, p.message)
                      for p in problems]
            if state is None:
                return self.render(request, "message.html", status=422,
                                   title=M.ERROR_SUMMARY, text="; ".join(
                                       e.message for e in errors))
            state.errors = errors
            return self.procedure_form(request, loaded, code, state, status=422, **extra)
        self.flash(request, M.SAVED.format(message=saved.message))
        return RedirectResponse(done_url, status_code=303)

    async def changes(self, request: Request) -> Response:
        """The old -> new list for the form as it stands (studio.js asks as the clerk types)."""
        from .forms import FormState, changed_fields, record_from_form, record_view

        code = request.path_params["code"]
        loaded, problems = self.workspace.try_load()
        if loaded is None or code not in loaded.project.by_code:
            return HTMLResponse("", status_code=404)
        form = await request.form()
        widgets = self.widgets(loaded)
        record = record_from_form(widgets, form)
        original = record_view(loaded.project.by_code[code])
        state = FormState(widgets, record, [], changed_fields(original, record, widgets))
        return HTMLResponse(self.env.get_template("changes.html").render(state=state))

    async def new_procedure(self, request: Request) -> Response:
        from .forms import FormState, blank_values

        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        state = FormState(self.widgets(loaded), blank_values())
        return self.render(request, "procedure.html", state=state, is_new=True, code="",
                           procedure=None, warnings=[], inherited={})

    async def add_procedure(self, request: Request) -> Response:
        from .forms import (
            FieldError,
            FormState,
            clean,
            edit_list,
            focus_after,
            new_record,
            record_from_form,
            validate,
        )

        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        form = await request.form()
        widgets = self.widgets(loaded)
        record = record_from_form(widgets, form)
        action = clean(form.get("action")) or "save"
        context: dict[str, Any] = {"is_new": True, "code": "", "procedure": None, "warnings": [],
                   "inherited": {}}
        if action != "save":
            values = edit_list(record, action)
            return self.render(request, "procedure.html", state=FormState(widgets, values),
                               focus_id=focus_after(action, values, widgets), **context)
        errors = validate(record, widgets, loaded.project.today)
        code = record.get("code", "")
        taken = loaded.project.by_code.get(code)
        if taken is not None:
            errors.append(FieldError("code", M.FIELD_LABELS["code"],
                                     M.CODE_TAKEN.format(code=code, name=taken.name)))
        state = FormState(widgets, record, errors)
        if errors:
            return self.render(request, "procedure.html", status=422, state=state, **context)
        return self.write(request, loaded, None, code, {}, lambda: store.add_procedure(
            self.workspace.root, self.catalogue_path(loaded), new_record(record, widgets),
            M.COMMIT_ADD.format(code=code), loaded.project.today, self.workspace.parse),
            f"/thu-tuc/{code}/")

    async def confirm_remove(self, request: Request) -> Response:
        code = request.path_params["code"]
        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        procedure = loaded.project.by_code.get(code)
        if procedure is None:
            return self.render(request, "message.html", status=404, title=M.NOT_FOUND,
                               text=M.UNKNOWN_PROCEDURE.format(code=code))
        return self.render(request, "remove.html", procedure=procedure)

    async def remove_procedure(self, request: Request) -> Response:
        code = request.path_params["code"]
        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        if code not in loaded.project.by_code:
            return self.render(request, "message.html", status=404, title=M.NOT_FOUND,
                               text=M.UNKNOWN_PROCEDURE.format(code=code))
        return self.write(request, loaded, None, code, {}, lambda: store.remove_procedure(
            self.workspace.root, self.catalogue_path(loaded), code,
            M.COMMIT_REMOVE.format(code=code), loaded.project.today, self.workspace.parse),
            "/thu-tuc/")

    async def restore_field(self, request: Request) -> Response:
        """"Khôi phục theo danh mục tỉnh": drop the commune's override of one field."""
        from .forms import clean

        code = request.path_params["code"]
        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        form = await request.form()
        field_name = clean(form.get("field"))
        label = M.FIELD_LABELS.get(field_name, field_name)
        return self.write(request, loaded, None, code, {}, lambda: store.drop_override(
            self.workspace.root, self.catalogue_path(loaded), code, field_name,
            M.COMMIT_RESTORE.format(code=code, field=label), loaded.project.today,
            self.workspace.parse), f"/thu-tuc/{code}/")

    async def preview(self, request: Request) -> Response:
        """Xem trang / Xem bản in / Nghe thử: the outputs of the form as it stands (posted),
        or of the saved record (opened as a link), through the build's renderers and caches."""
        from starlette.concurrency import run_in_threadpool

        from .. import preview as outputs

        output = request.path_params["output"]
        if output not in ("xem-trang", "xem-ban-in", "nghe-thu"):
            return self.render(request, "message.html", status=404, title=M.NOT_FOUND, text="")
        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        target = request.path_params.get("code") or request.path_params.get("id", "")
        unsaved: dict[str, str] = {}
        if request.method == "POST":
            form = await request.form()
            try:
                unsaved = (self.unsaved_procedure(loaded, target, form)
                           if "code" in request.path_params
                           else self.unsaved_notice(loaded, target, form))
            except InvalidInput as exc:
                return self.render(request, "preview.html", status=422, problems=exc.problems,
                                   title=M.PREVIEW_TITLES[output])
        config = self.workspace.config_file
        if output == "xem-trang":
            page = await run_in_threadpool(self.previewer.page, target, unsaved)
            if page.page is None or page.url is None:
                return self.render(request, "preview.html", status=422,
                                   problems=page.problems, title=M.PREVIEW_TITLES[output])
            self.preview_site = page.site_dir
            return RedirectResponse("/xem-truoc/trang/" + page.url.lstrip("/"), status_code=303)
        if output == "xem-ban-in":
            printed = await run_in_threadpool(outputs.print_preview, config, target, unsaved)
            files = [self.keep(printed.filename, printed.pdf, "application/pdf"),
                     self.keep(printed.docx_filename, printed.docx, DOCX)]
            return self.render(request, "preview.html", status=200 if printed.pdf else 422,
                               problems=printed.problems, title=M.PREVIEW_TITLES[output],
                               pdf=files[0], docx=files[1], pages=printed.pages)
        clip = await run_in_threadpool(outputs.clip_preview, config, target, unsaved)
        return self.render(request, "preview.html", status=200 if clip.mp3 else 422,
                           problems=clip.problems, title=M.PREVIEW_TITLES[output],
                           mp3=self.keep(clip.filename, clip.mp3, "audio/mpeg"),
                           transcript=clip.transcript, engine=clip.engine)

    def unsaved_procedure(self, loaded: Any, code: str, form: Any) -> dict[str, str]:
        """The catalogue's text as it would be saved from this form (nothing written)."""
        from ..catalogue import edit
        from .forms import record_from_form, record_view, store_changes, validate

        widgets = self.widgets(loaded)
        record = {**record_from_form(widgets, form), "code": code}
        errors = validate(record, widgets, loaded.project.today)
        if errors:
            raise InvalidInput([Problem("", None, e.label, e.message) for e in errors])
        changes = store_changes(record_view(loaded.project.by_code[code]), record,
                                loaded.raw_record(code), widgets)
        if not changes:
            return {}
        path = self.catalogue_path(loaded)
        # Not validated here: the preview loads the text with the full loader (the same
        # messages) and writes nothing, so validating twice would only cost time.
        text = edit.set_fields(path.read_text(encoding="utf-8"), code, changes, path=path,
                               today=loaded.project.today, parse=self.workspace.parse,
                               check=False)
        return {loaded.project.settings.catalogue: text}

    def unsaved_notice(self, loaded: Any, announcement_id: str, form: Any) -> dict[str, str]:
        from ..catalogue import edit
        from .forms import clean
        from .notices import front_from_form, stored_front, validate

        source, path = self._notice_source(loaded, announcement_id)
        previous = dict(source.front_lines.data) if source and source.front_lines else {}
        front = front_from_form(form, previous)
        body = clean(form.get("body"))
        errors = validate(loaded.project, announcement_id, front, body)
        if errors:
            raise InvalidInput([Problem("", None, e.label, e.message) for e in errors])
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        text = edit.announcement_text(stored_front(front), body + "\n", old)
        return {f"{loaded.project.settings.announcements}/{announcement_id}.md": text}

    def keep(self, filename: str | None, data: bytes | None, media: str) -> str | None:
        """Hold a preview file in memory for its page; its address, or None."""
        if not filename or data is None:
            return None
        import secrets

        key = secrets.token_urlsafe(9)
        self.files[key] = (filename, data, media)
        while len(self.files) > 12:  # previews are looked at once, then replaced
            self.files.pop(next(iter(self.files)))
        return f"/xem-truoc/tep/{key}/{filename}"

    async def preview_file(self, request: Request) -> Response:
        kept = self.files.get(request.path_params["key"])
        if kept is None:
            return self.render(request, "message.html", status=404, title=M.NOT_FOUND, text="")
        filename, data, media = kept
        disposition = "inline" if media != DOCX else "attachment"
        from urllib.parse import quote

        return Response(data, media_type=media, headers={
            "content-disposition": f"{disposition}; filename*=UTF-8''{quote(filename)}"})

    async def preview_page(self, request: Request) -> Response:
        return self.serve_folder(request, self.preview_site)

    async def markdown_preview(self, request: Request) -> Response:
        """The live preview of a notice body: the site's Markdown, raw HTML shown as text."""
        from ..markup import catalogue_html
        from .forms import clean

        form = await request.form()
        return HTMLResponse(str(catalogue_html(clean(form.get("body")))))

    # --- announcements ---------------------------------------------------------------------

    async def announcements(self, request: Request) -> Response:
        from ..site.pages import announcements_newest_first

        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        items = announcements_newest_first(loaded.project.announcements)
        return self.render(request, "announcements.html", items=items)

    def notice_form(self, request: Request, loaded: Any, state: Any, announcement_id: str,
                    status: int = 200, version: str = "") -> HTMLResponse:
        file = f"{loaded.project.settings.announcements}/{announcement_id}.md"
        warnings = [p for p in loaded.warnings if announcement_id and p.file == file]
        recording = state.front.get("recording")
        recorded_as = None
        if isinstance(recording, str):
            try:
                folder = uploads.inside(self.workspace.root, str(Path(recording).parent))
            except ValueError:
                folder = None
            if folder is not None:
                recorded_as = uploads.display_names(folder).get(Path(recording).name)
        return self.render(request, "notice.html", status=status, state=state,
                           announcement_id=announcement_id, version=version,
                           procedures=loaded.project.catalogue.procedures, warnings=warnings,
                           recorded_as=recorded_as)

    def _notice_source(self, loaded: Any, announcement_id: str) -> Any:
        from ..catalogue.announcements import read_source

        folder = loaded.project.settings.announcements
        path = self.workspace.path(f"{folder}/{announcement_id}.md")
        if not path.is_file() or path.parent != self.workspace.path(folder):
            return None, path
        return read_source(path, f"{folder}/{announcement_id}.md"), path

    def _existing_notice(self, loaded: Any, announcement_id: str) -> Any:
        """(source, path) of an announcement in the project; (None, None) for an id that
        points outside it."""
        try:
            return self._notice_source(loaded, announcement_id)
        except ValueError:
            return None, None

    async def announcement(self, request: Request) -> Response:
        from .notices import NoticeState

        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        announcement_id = request.path_params.get("id", "")
        if not announcement_id:
            front = {"kind": "notice", "date": loaded.project.today.isoformat(),
                     "signer": _last_signer(loaded)}
            return self.notice_form(request, loaded, NoticeState(front, ""), "")
        source, path = self._existing_notice(loaded, announcement_id)
        if source is None:
            return self.render(request, "message.html", status=404, title=M.NOT_FOUND,
                               text=M.UNKNOWN_ANNOUNCEMENT.format(id=announcement_id))
        front = dict(source.front_lines.data) if source.front_lines else {}
        front = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in front.items()}
        state = NoticeState(front, source.template.strip("\n"))
        return self.notice_form(request, loaded, state, announcement_id,
                                version=store.version_of(path, self.workspace.root))

    async def save_announcement(self, request: Request) -> Response:
        from .forms import FieldError, clean
        from .notices import front_from_form

        loaded, problems = self.workspace.try_load()
        if loaded is None:
            return self.broken(request, problems)
        if int(request.headers.get("content-length") or 0) > uploads.MAX_BYTES + 2**20:
            return self.render(request, "message.html", status=413, title=M.ERROR_SUMMARY,
                               text=M.RECORDING_TOO_BIG.format(mb=uploads.MAX_BYTES // 2**20))
        announcement_id = request.path_params.get("id", "")
        previous: dict[str, Any] = {}
        path = None
        if announcement_id:
            source, path = self._existing_notice(loaded, announcement_id)
            if source is None:
                return self.render(request, "message.html", status=404, title=M.NOT_FOUND,
                                   text=M.UNKNOWN_ANNOUNCEMENT.format(id=announcement_id))
            previous = dict(source.front_lines.data) if source.front_lines else {}
        async with request.form(max_part_size=uploads.MAX_BYTES) as form:
            front = front_from_form(form, previous)
            body = clean(form.get("body"))
            version = clean(form.get("version"))
            upload = form.get("recording")
            errors: list[FieldError] = []
            staged: tuple[Path, str] | None = None  # a new recording, kept only if saved
            if front.get("kind") == "broadcast" and getattr(upload, "filename", ""):
                name, error, staged = await self._take_recording(loaded, upload)
                if error:
                    errors.append(FieldError("recording", M.RECORDING_LABEL, error))
                else:
                    front["recording"] = name
        saved = False
        try:
            response, saved = self._write_notice(request, loaded, announcement_id, path, front,
                                                 body, version, errors)
        finally:
            if staged is not None and saved:
                uploads.remember_display(staged[0].parent, staged[0].name, staged[1])
            elif staged is not None:
                staged[0].unlink(missing_ok=True)  # a refused form leaves no file behind
        return response

    def _write_notice(self, request: Request, loaded: Any, announcement_id: str,
                      path: Path | None, front: dict[str, Any], body: str, version: str,
                      errors: list[Any]) -> tuple[Response, bool]:
        """Validate and save a notice: (the response, whether it was saved)."""
        from .forms import FieldError
        from .notices import NoticeState, stored_front, validate

        if not announcement_id:
            slug_base = store.slug_for(front.get("title") or "")
            folder = self.workspace.path(loaded.project.settings.announcements)
            announcement_id = uploads.free_name(folder, slug_base + ".md")[:-3]
            path = folder / f"{announcement_id}.md"
        errors += validate(loaded.project, announcement_id, front, body)
        state = NoticeState(front, body, errors)
        is_new = not request.path_params.get("id")
        if errors:
            return self.notice_form(request, loaded, state, "" if is_new else announcement_id,
                                    status=422, version=version), False
        assert path is not None
        message = M.COMMIT_ANNOUNCEMENT.format(slug=announcement_id)
        target = f"/thong-bao/{announcement_id}/"
        try:
            saved = store.write_announcement(self.workspace.root, path, stored_front(front),
                                             body + "\n", message, None if is_new else version)
        except store.Conflict as exc:
            return self.render(request, "conflict.html", status=409, code="", state=None,
                               disk=None, widgets=[], detail=str(exc),
                               theirs=getattr(exc, "theirs", ""), mine=getattr(exc, "mine", ""),
                               back=target), False
        except store.EditRefused as exc:
            state.errors = [FieldError(p.field or "body", p.field, p.message)
                            for p in getattr(exc, "problems", [])]
            return self.notice_form(request, loaded, state, "" if is_new else announcement_id,
                                    status=422, version=version), False
        self.flash(request, M.SAVED.format(message=saved.message))
        return RedirectResponse(target, status_code=303), True

    async def _take_recording(self, loaded: Any, upload: Any
                              ) -> tuple[str, str | None, tuple[Path, str] | None]:
        """Store an uploaded recording under audio/recordings/ if it would air; else say why."""
        from ..speech import recording

        display = uploads.display_name(upload.filename)
        if uploads.audio_suffix(upload.filename) is None:
            return "", M.RECORDING_TYPE.format(name=display), None
        data = await upload.read(uploads.MAX_BYTES + 1)
        if len(data) > uploads.MAX_BYTES:
            return "", M.RECORDING_TOO_BIG.format(mb=uploads.MAX_BYTES // 2**20), None
        relative_folder = f"{loaded.project.settings.audio}/recordings"
        folder = uploads.inside(self.workspace.root, relative_folder)
        folder.mkdir(parents=True, exist_ok=True)
        name = uploads.free_name(folder, uploads.stored_name(upload.filename))
        target = uploads.inside(folder, name)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        settings = loaded.project.settings
        try:
            recording.prepare(partial, display, float(settings.loudness_lufs),
                              float(settings.slot_minutes) * 60)
        except recording.RecordingError as exc:
            partial.unlink(missing_ok=True)
            return "", str(exc), None
        partial.replace(target)
        return f"{relative_folder}/{name}", None, (target, display)

    async def undo(self, request: Request) -> Response:
        undone, message = store.undo_last(self.workspace.root)
        self.flash(request, f"{M.UNDONE} {message}" if undone else message)
        back = request.headers.get("referer") or "/thu-tuc/"
        return RedirectResponse(_local(back), status_code=303)

    # --- build and the built site ----------------------------------------------------------

    async def build_page(self, request: Request) -> Response:
        from ..preview import site_index

        return self.render(request, "build.html", run=self.builder.run,
                           site_ready=site_index(self.workspace.config_file) is not None)

    async def start_build(self, request: Request) -> Response:
        self.builder.start()
        return RedirectResponse("/dung-trang/", status_code=303)

    async def built_site(self, request: Request) -> Response:
        """The built site, for "Mở trang web" (files of site_dir only)."""

        from ..build import site_dir_of

        return self.serve_folder(request, site_dir_of(self.workspace.config_file))

    def serve_folder(self, request: Request, site: Path | None) -> Response:
        """A file of a built (or preview) site; never one outside it."""
        from starlette.responses import FileResponse

        if site is None:
            return self.render(request, "message.html", status=404, title=M.NOT_FOUND, text="")
        relative = request.path_params.get("path", "")
        try:
            target = uploads.inside(site, relative)
        except ValueError:
            target = site / "-"
        if target.is_dir():
            if not request.url.path.endswith("/"):
                return RedirectResponse(request.url.path + "/", status_code=301)
            target = target / "index.html"
        if not target.is_file():
            return self.render(request, "message.html", status=404, title=M.NOT_FOUND, text="")
        return FileResponse(target)

    # --- the staff handbook (HUONG-DAN.md of the project) ---------------------------------

    async def handbook(self, request: Request) -> Response:
        from ..handbook import handbook_text
        from ..markup import handbook_html

        body = handbook_html(handbook_text(self.workspace.root))  # typed HTML stays text
        return self.render(request, "handbook.html", body=body)

    async def handbook_image(self, request: Request) -> Response:
        from ..handbook import handbook_images

        return self.serve_folder(request, handbook_images(self.workspace.root))

    # --- login (only when listening beyond this machine) ----------------------------------

    async def login_page(self, request: Request) -> Response:
        return self.render(request, "login.html", error=None,
                           next=_local(request.query_params.get("tiep", "/thu-tuc/")))

    async def login(self, request: Request) -> Response:
        from .forms import clean

        form = await request.form()
        target = _local(clean(form.get("next")) or "/thu-tuc/")
        if self.password_hash and security.check_password(str(form.get("password") or ""),
                                                          self.password_hash):
            request.session.clear()
            request.session["signed_in"] = True
            return RedirectResponse(target, status_code=303)
        return self.render(request, "login.html", status=401, error=M.WRONG_PASSWORD,
                           next=target)


class RequireLogin:
    """With a password set, every page but the login form and its assets needs a session."""

    OPEN = ("/dang-nhap", "/static/")

    def __init__(self, app: Any, enabled: bool):
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.enabled and scope["type"] == "http" \
                and not scope["path"].startswith(self.OPEN) \
                and not scope.get("session", {}).get("signed_in"):
            from urllib.parse import quote

            response = RedirectResponse(f"/dang-nhap?tiep={quote(scope['path'])}",
                                        status_code=303)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _static() -> StaticFiles:
    folder = resources.files("outreach.studio") / "static"
    return StaticFiles(directory=str(folder))


def create_app(config_file: Path, *, host: str = "127.0.0.1", password_hash: str | None = None,
               secret: str | None = None,
               today: Callable[[], dt.date] = dt.date.today) -> Any:
    """The ASGI app for one project; `host` decides which Host headers are accepted."""
    from asgi_csrf import asgi_csrf

    workspace = Workspace(config_file, today)
    studio = Studio(workspace, password_hash)
    secret = secret or security.signing_secret(workspace.root)
    routes = [
        Route("/", lambda request: RedirectResponse("/thu-tuc/", status_code=302)),
        Route("/thu-tuc/", studio.procedures),
        Route("/thu-tuc/moi", studio.new_procedure, methods=["GET"]),
        Route("/thu-tuc/moi", studio.add_procedure, methods=["POST"]),
        Route("/thu-tuc/{code}/xoa", studio.confirm_remove, methods=["GET"]),
        Route("/thu-tuc/{code}/xoa", studio.remove_procedure, methods=["POST"]),
        Route("/thu-tuc/{code}/khoi-phuc", studio.restore_field, methods=["POST"]),
        Route("/thu-tuc/{code}/thay-doi", studio.changes, methods=["POST"]),
        Route("/thu-tuc/{code}/{output:str}", studio.preview, methods=["POST", "GET"]),
        Route("/thong-bao/{id}/{output:str}", studio.preview, methods=["POST", "GET"]),
        Route("/xem-truoc/noi-dung", studio.markdown_preview, methods=["POST"]),
        Route("/xem-truoc/tep/{key}/{name}", studio.preview_file),
        Route("/xem-truoc/trang/{path:path}", studio.preview_page),
        Route("/thu-tuc/{code}/", studio.procedure, methods=["GET"]),
        Route("/thu-tuc/{code}/", studio.save_procedure, methods=["POST"]),
        Route("/thu-tuc/{code}", lambda r: RedirectResponse(
            f"/thu-tuc/{r.path_params['code']}/", status_code=301)),
        Route("/thong-bao/", studio.announcements),
        Route("/thong-bao/moi", studio.announcement, methods=["GET"]),
        Route("/thong-bao/moi", studio.save_announcement, methods=["POST"]),
        Route("/thong-bao/{id}/", studio.announcement, methods=["GET"]),
        Route("/thong-bao/{id}/", studio.save_announcement, methods=["POST"]),
        Route("/hoan-tac", studio.undo, methods=["POST"]),
        Route("/huong-dan/", studio.handbook),
        Route("/huong-dan/huong-dan-anh/{path:path}", studio.handbook_image),
        Route("/dang-nhap", studio.login_page, methods=["GET"]),
        Route("/dang-nhap", studio.login, methods=["POST"]),
        Route("/dung-trang/", studio.build_page, methods=["GET"]),
        Route("/dung-trang/", studio.start_build, methods=["POST"]),
        Route("/trang-web/{path:path}", studio.built_site),
        Mount("/static", app=_static(), name="static"),
    ]
    middleware = [Middleware(SessionMiddleware, secret_key=secret, same_site="strict",
                             session_cookie="outreach-studio", max_age=12 * 3600),
                  Middleware(RequireLogin, enabled=password_hash is not None)]

    async def not_here(request: Request, exc: Exception) -> Response:
        # An unknown address or a wrong method: the studio's own page, not Starlette's English.
        status = getattr(exc, "status_code", 404)
        headers = getattr(exc, "headers", None) or {}
        title, text = M.HTTP_REFUSED.get(status, (M.NOT_FOUND, M.NOT_FOUND_TEXT))
        response = studio.render(request, "message.html", status=status, title=title, text=text)
        response.headers.update(headers)  # 405 keeps its Allow header
        return response

    async def unexpected(request: Request, exc: Exception) -> Response:
        # A bug must not end the studio or show a traceback: say so in Vietnamese.
        body = studio.env.get_template("message.html").render(
            request=request, csrftoken="", login=False, flash=None, title=M.ERROR_SUMMARY,
            text=M.SERVER_ERROR.format(detail=f"{type(exc).__name__}: {exc}"))
        return HTMLResponse(body, status_code=500)

    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: not_here, Exception: unexpected})
    app.state.studio = studio

    async def refused(scope: Any, send: Any, message_id: Any) -> None:
        body = studio.env.get_template("message.html").render(
            request=None, csrftoken="", title=M.CSRF_REFUSED, text="", login=False,
            flash=None).encode("utf-8")
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"text/html; charset=utf-8")]})
        await send({"type": "http.response.body", "body": body})

    protected = asgi_csrf(app, signing_secret=secret, always_protect=Everywhere(),
                          cookie_samesite="Strict", send_csrf_failed=refused)
    # Host check outermost: a rebound DNS name never reaches a route, even a GET.
    return TrustedHostMiddleware(protected, allowed_hosts=security.allowed_hosts(host))


def _form_path(problem_field: str, code: str) -> str:
    """'procedures.3.fee.amount' or '1.001193.fee' -> 'fee.amount' / 'fee' (a form path)."""
    parts = problem_field.split(".")
    if parts[:1] == ["procedures"] and len(parts) > 2 and parts[1].isdigit():
        return ".".join(parts[2:])
    if problem_field.startswith(code + "."):
        return problem_field[len(code) + 1:]
    return problem_field


def _local(url: str) -> str:
    """Only a path of this app (a Referer from elsewhere never redirects there)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path if parts.path.startswith("/") and not parts.path.startswith("//") else "/"
    return path + (f"?{parts.query}" if parts.query else "")


def _last_signer(loaded: Any) -> dict[str, Any] | None:
    """A new notice starts with the signer of the latest notice (it rarely changes)."""
    from ..site.pages import announcements_newest_first

    for a in announcements_newest_first(loaded.project.announcements):
        if a.front.signer is not None:
            return a.front.signer.model_dump(exclude_none=True)
    return None
