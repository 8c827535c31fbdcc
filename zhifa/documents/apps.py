from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhifa.documents"
    label = "documents"
    verbose_name = "执法文书"

    def ready(self) -> None:
        from zhifa.cases import workflow
        from zhifa.documents import panels, tasks  # noqa: F401  (home panel, retry job)
        from zhifa.documents.actions import make_step_documents

        # Every step's declared documents: reserved in its transaction, rendered after commit.
        makers = getattr(workflow, "DOCUMENT_MAKERS", None)
        if makers is not None and make_step_documents not in makers:
            makers.append(make_step_documents)
        # Art 45: no penalty decision before every statement is re-examined
        from zhifa.cases.choices import StepName
        from zhifa.documents.checks import statements_reviewed

        deciding = workflow.STEP_CHECKS.setdefault(StepName.DECIDE, [])
        if statements_reviewed not in deciding:
            deciding.append(statements_reviewed)
        # Art 47 and the case-file rules: no 结案 or 归档 while a step's document is missing
        from zhifa.documents.checks import file_documents_problems

        for checks in (workflow.CLOSING_CHECKS, workflow.ARCHIVING_CHECKS):
            if file_documents_problems not in checks:
                checks.append(file_documents_problems)
