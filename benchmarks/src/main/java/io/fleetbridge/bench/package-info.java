/** placeholder */ package io.fleetbridge.bench;
