from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<str:number>/", views.case_detail, name="detail"),
    path("<str:number>/steps/<str:kind>/", views.record_step, name="record"),
]
