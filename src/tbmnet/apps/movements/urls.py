from django.urls import path

from . import views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("facilities/<int:facility_id>/", views.facility_register, name="facility"),
    path("announce/<str:number>/", views.announce, name="announce"),
    path("<int:movement_id>/", views.movement_detail, name="detail"),
    path("<int:movement_id>/events/<str:kind>/", views.record, name="record"),
    path("<int:movement_id>/document.pdf", views.document, name="document"),
]
