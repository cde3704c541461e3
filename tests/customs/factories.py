"""Declarations shared by the customs and case tests."""

# Story 2: plastic scrap from the United Kingdom at Port Klang, no notification cited.
PLASTIC = {
    "declaration_id": "MYPKG-2026-000417", "date": "2026-05-04", "direction": "import",
    "customs_office": "MYPKG", "state_of_export": "GB", "state_of_import": "MY",
    "hs_code": "391590", "description": "plastic scrap, mixed, baled",
    "exporter_name": "Greenfield Polymer Trading Co., Ltd.", "exporter_address": "",
    "importer_name": "Klang Plastic Resources Sdn Bhd", "importer_address": "",
    "net_mass_kg": "21500", "notification_number": "", "movement_id": "",
    "containers": "MSKU1234565",
}
