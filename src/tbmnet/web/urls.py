from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("registry/organisations/", views.organisation_list, name="organisation_list"),
    path("registry/organisations/<int:organisation_id>/", views.organisation_detail,
         name="organisation_detail"),
]
