from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/equality", views.equality, name="equality"),
    path("reports/board", views.board, name="board"),
    path("reports/board.pdf", views.board_pdf, name="board-pdf"),
    path("reports/board/prepare", views.prepare_board, name="prepare-board"),
    path("reports/board/prepared/<uuid:document_id>", views.prepared_board, name="prepared"),
    path("reports/board/prepared/<uuid:document_id>/file", views.prepared_board_file, name="prepared-file"),
    path("reports/summary.csv", views.summary_csv, name="summary-csv"),
    path("reports/equality.csv", views.equality_csv, name="equality-csv"),
]
