from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("customers/<int:pk>/letters", views.customer_letters, name="customer-letters"),
    path("letters/<int:pk>", views.letter_detail, name="letter"),
    path("letters/<int:pk>/edit", views.letter_edit, name="letter-edit"),
    path("letters/<int:pk>/issue", views.letter_issue, name="letter-issue"),
    path("letters/<int:pk>/correct", views.letter_correct, name="letter-correct"),
    path("letters/<int:pk>.pdf", views.letter_pdf, name="letter-pdf"),
    path("letters/<int:pk>.txt", views.letter_txt, name="letter-txt"),
    path("letter-templates", views.template_list, name="templates"),
    path("letter-templates/<str:kind>", views.template_edit, name="template"),
    path("reading", views.reading_queue, name="reading"),
    path("reading/<int:pk>", views.reading_mark, name="reading-mark"),
]
