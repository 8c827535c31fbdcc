from ninja import Router

router = Router(tags=["案件办理"])
